package io.ucfleet.node.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.SeedCa;

/**
 * The Cisco certmgr paths over HTTPS, with plain JSON exactly as renewal scripts send it (no
 * Accept header, certificate verification off, PEM with CRLF and without its final newline,
 * numeric keyLength), as privilege 1 (admin), privilege 0 (read-only) and with wrong credentials.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CertmgrApiTest {
    static final String BASE = "/platformcom/api/v1/certmgr/config";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** The suite shares one node: give back the first-start (self-signed, RSA 2048) identities other tests expect. */
    @org.junit.jupiter.api.AfterEach
    void restoreSelfSignedIdentities() {
        for (String unit : java.util.List.of("tomcat")) {
            if ("CA-signed".equals(io.ucfleet.node.testing.Api.asAdmin().get("/api/v1/identities/" + unit).then()
                    .extract().path("type"))) {
                io.ucfleet.node.testing.Api.asAdmin().contentType("application/json").body("{\"keySize\": 2048}")
                        .post("/api/v1/identities/" + unit + "/regenerate").then().statusCode(200);
            }
        }
    }

    RequestSpecification as(String user, String password) {
        return given().baseUri("https://127.0.0.1").port(https.getPort()).relaxedHTTPSValidation()
                .auth().preemptive().basic(user, password);
    }

    RequestSpecification admin() {
        return as(Api.ADMIN, Api.ADMIN_PASSWORD);
    }

    RequestSpecification readOnly() {
        return as(Api.READ_ONLY, Api.READ_ONLY_PASSWORD);
    }

    /** The Expressway REST API does not exist on a Unified CM node (ExpresswayIT drives it on an Expressway). */
    @Test
    void theExpresswayRestApiIsNotFoundOnAUnifiedCmNode() {
        for (String path : java.util.List.of("server", "root", "generate_csr", "root/decoded", "root/" + "ab".repeat(32), "crl",
                "crl/1", "crl/automatic", "crl/sip_revocation", "uc_names")) {
            admin().get("/api/provisioning/certs/" + path).then().statusCode(404)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        }
        admin().contentType("application/json").body("{}").post("/api/provisioning/certs/generate_csr").then().statusCode(404);
        admin().post("/api/provisioning/certs/root/reset").then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().post("/api/provisioning/certs/server/reset").then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().contentType("application/json").body("{\"Domains\": [\"example.com\"]}").put("/api/provisioning/certs/uc_names")
                .then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().multiPart("file", "c.cer", new byte[] {0x30}).post("/api/provisioning/certs/utilities/decode").then().statusCode(404)
                .body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().queryParam("sha256", "ab".repeat(32)).delete("/api/provisioning/certs/root").then().statusCode(404)
                .body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().delete("/api/provisioning/certs/crl").then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().contentType("application/json").body("{\"AutomaticCRLUpdates\": \"Enabled\"}").put("/api/provisioning/certs/crl/automatic")
                .then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().post("/api/provisioning/certs/crl/automatic/update").then().statusCode(404);
        // SIP TLS zones too, and nothing is stored.
        admin().get("/api/provisioning/zones").then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().contentType("application/json").body("{\"Name\": \"z\", \"Type\": \"Neighbor\", \"PeerAddress\": \"vcs.example.com\"}")
                .post("/api/provisioning/zones").then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:expressway-only"));
        admin().post("/api/provisioning/zones/z/check").then().statusCode(404);
        // Nor are its pages: 404, and the Certificate Management nav has no Expressway link.
        for (String page : java.util.List.of("server-certificate", "trusted-ca-certificate", "crl-management", "sip",
                "certificate-utilities", "zones")) {
            admin().get("/cmplatform/expressway/" + page).then().statusCode(404).contentType(startsWith("text/html"));
        }
        admin().get("/cmplatform/certificates").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/cmplatform/expressway/")));
    }

    @Test
    void aRenewalScriptRunsUnchanged() {
        SeedCa root = SeedCa.root("ucfleet certmgr root");
        // 1. CSR: the three required fields and the common optional ones.
        String csr = admin().contentType("application/json").body("""
                {"service": "tomcat", "distribution": "this-server", "commonName": "cucm-pub.ucfleet.test",
                 "keyType": "rsa", "keyLength": 2048, "hashAlgorithm": "sha256"}""")
                .post(BASE + "/csr").then().statusCode(200).contentType(startsWith("application/json"))
                .body("csr", startsWith("-----BEGIN CERTIFICATE REQUEST-----")).extract().path("csr");
        assertEquals(0, Openssl.withInput(csr, "req", "-verify", "-noout").exitCode());
        readOnly().get(BASE + "/csr?service=tomcat").then().statusCode(200).body("csr", equalTo(csr));

        String leaf = root.signPem(csr);
        // 2. The identity before its CA is trusted: 400, as real nodes answer.
        admin().contentType("application/json").body(Map.of("service", "tomcat", "certificates", List.of(leaf)))
                .post(BASE + "/identity/certificates").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:issuer-chain-missing"));
        // 3. The CA into tomcat-trust: CRLF line ends, no final newline; twice, idempotently.
        String crlf = root.pem().strip().replace("\n", "\r\n");
        for (int i = 0; i < 2; i++) {
            admin().contentType("application/json")
                    .body(Map.of("service", List.of("tomcat"), "certificates", List.of(crlf), "description", "our CA"))
                    .post(BASE + "/trust/certificates").then().statusCode(200)
                    .body("results[0].service", equalTo("tomcat-trust"))
                    .body(i == 0 ? "results[0].imported" : "results[0].alreadyPresent", hasSize(1));
        }
        // 4. The identity again, now accepted.
        admin().contentType("application/json").body(Map.of("service", "tomcat", "certificates", List.of(leaf.strip())))
                .post(BASE + "/identity/certificates").then().statusCode(200)
                .body("servicesToRestart", hasItem("Cisco Tomcat"));
        readOnly().get(BASE + "/identity/certificate?service=tomcat").then().statusCode(200)
                .body("service", equalTo("tomcat"))
                .body("certificate", equalTo(Openssl.withInput(leaf, "x509").out()));
        readOnly().get(BASE + "/trust/certificate?service=tomcat").then().statusCode(200)
                .body("find { it.filename.startsWith('ucfleet_certmgr_root_') }.certificate", startsWith("-----BEGIN CERTIFICATE-----"));
        readOnly().get(BASE + "/csr?service=tomcat").then().statusCode(404);
    }

    @Test
    void curlWithoutAnAcceptHeaderAndOnlyTheThreeRequiredFieldsGetsTheCsr() throws Exception {
        Process curl = new ProcessBuilder("curl", "-sk", "-u", Api.ADMIN + ":" + Api.ADMIN_PASSWORD, "-H", "Accept:",
                "-H", "Content-Type: application/json", "-d",
                "{\"service\":\"TVS\",\"distribution\":\"this-server\",\"commonName\":\"cucm-pub.ucfleet.test\"}",
                "-w", "\n%{http_code}", "https://127.0.0.1:" + https.getPort() + BASE + "/csr").start();
        String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor());
        assertTrue(out.endsWith("\n200"), out);
        String csr = io.restassured.path.json.JsonPath.from(out.substring(0, out.lastIndexOf('\n'))).getString("csr");
        assertTrue(Openssl.withInput(csr, "req", "-verify", "-text", "-noout").out().contains("CN = cucm-pub.ucfleet.test"));
    }

    @Test
    void theSnapshotHoldsEveryIdentityAndTrustStoreAndEveryPemParses() {
        var snapshot = readOnly().get(BASE + "/snapshot/server").then().statusCode(200)
                .body("server", equalTo("cucm-pub"))
                .body("identities", hasSize(8))
                .body("trusts.service", hasItem("tomcat-trust"))
                .extract().jsonPath();
        for (String pem : snapshot.<String>getList("identities.certificate")) {
            Openssl.withInput(pem, "x509", "-noout").out();
        }
        List<List<Map<String, String>>> trusts = snapshot.getList("trusts.certificate_data");
        int entries = 0;
        for (var store : trusts) {
            for (var entry : store) {
                assertTrue(entry.get("filename").endsWith(".pem"));
                Openssl.withInput(entry.get("certificate"), "x509", "-noout").out();
                entries++;
            }
        }
        assertTrue(entries >= 8, "trust entries: " + entries);
    }

    @Test
    void privilegeZeroReadsButCannotWriteAndNothingChanges() {
        String before = readOnly().get(BASE + "/snapshot/server").then().statusCode(200).extract().jsonPath()
                .getString("identities.certificate");
        readOnly().contentType("application/json").body("{\"service\": \"tomcat\", \"distribution\": \"this-server\", \"commonName\": \"x\"}")
                .post(BASE + "/csr").then().statusCode(403);
        readOnly().contentType("application/json").body("{\"service\": [\"tomcat\"], \"certificates\": [\"x\"]}")
                .post(BASE + "/trust/certificates").then().statusCode(403);
        readOnly().contentType("application/json").body("{\"service\": \"tomcat\", \"certificates\": [\"x\"]}")
                .post(BASE + "/identity/certificates").then().statusCode(403);
        assertEquals(before, readOnly().get(BASE + "/snapshot/server").then().extract().jsonPath().getString("identities.certificate"));
    }

    @Test
    void wrongOrMissingCredentialsAre401WithTheCmPlatformRealm() {
        as(Api.ADMIN, "wrong").get(BASE + "/snapshot/server").then().statusCode(401)
                .header("WWW-Authenticate", containsString("CMPlatform"));
        as("nobody", "x").contentType("application/json").body("{\"service\": \"tomcat\"}").post(BASE + "/csr").then().statusCode(401);
        given().baseUri("https://127.0.0.1").port(https.getPort()).relaxedHTTPSValidation()
                .get(BASE + "/identity/certificate?service=tomcat").then().statusCode(401);
    }

    @Test
    void requestsAreReadLiberallyButBadValuesAreNamed() {
        // keyLength as a string, an unknown member, no content type: accepted.
        admin().body("{\"service\": \"TVS\", \"distribution\": \"this-server\", \"commonName\": \"cucm-pub.ucfleet.test\", \"keyLength\": \"3072\", \"x-script\": 1}")
                .post(BASE + "/csr").then().statusCode(200);
        admin().contentType("application/json").body("{\"service\": \"TVS\", \"keyLength\": \"big\"}").post(BASE + "/csr").then()
                .statusCode(400).body("errors[0].field", equalTo("keyLength"));
        admin().contentType("application/json").body("{\"commonName\": \"x\"}").post(BASE + "/csr").then()
                .statusCode(400).body("errors[0].field", equalTo("service"));
        admin().contentType("application/json").body("{\"service\": [\"no-such\"], \"certificates\": [\"x\"]}")
                .post(BASE + "/trust/certificates").then().statusCode(404);
    }
}
