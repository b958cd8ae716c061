package io.ucfleet.node.api;

import static io.restassured.RestAssured.given;
import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Api;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.SeedCa;

/**
 * The most common automation against real clusters: renewing tomcat with a public CA, whose
 * certificates carry Digital Signature + Key Encipherment and serverAuth + clientAuth (no Data
 * Encipherment). Real nodes install them; so does ucfleet, with a warning per missing bit that
 * the upload, the identity's detail and the certificate list all show. The CA is
 * {@code openssl ca} with a Let's-Encrypt-like extension section; {@code openssl s_client}
 * judges what the node presents after Cisco Tomcat restarts.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class PublicCaRenewalTest {
    static final String FQDN = "cucm-pub.ucfleet.test";
    static final String CERTMGR = "/platformcom/api/v1/certmgr/config";

    @TestHTTPResource(value = "/", tls = true)
    URL https;
    @jakarta.inject.Inject
    io.ucfleet.node.cli.ssh.SshCliServer ssh;

    @AfterEach
    void restoreSelfSignedTomcat() {
        if ("CA-signed".equals(asAdmin().get("/api/v1/identities/tomcat").then().extract().path("type"))) {
            asAdmin().contentType("application/json").body("{\"keySize\": 2048}").post("/api/v1/identities/tomcat/regenerate")
                    .then().statusCode(200);
            asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        }
    }

    @Test
    void aPublicCaTomcatWithItsChainInstallsThroughTheNativeApiWithAWarningForDataEncipherment() {
        SeedCa root = SeedCa.root("ucfleet public root");
        SeedCa intermediate = root.intermediate("ucfleet public issuing CA R3");
        String csr = CaSignedIdentityTest.newCsr("tomcat", "{}");
        String leaf = SeedCa.read(intermediate.sign(csr, "public_ca"));
        String text = Openssl.x509Text(leaf);
        assertTrue(text.contains("Digital Signature, Key Encipherment"), text);
        assertFalse(text.contains("Data Encipherment"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);

        String installed = asAdmin().contentType("application/x-pem-file")
                .body((leaf + intermediate.pem() + root.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                .body("certificate.type", equalTo("CA-signed"))
                .body("warnings.code", equalTo(List.of("key-usage-missing")))
                .body("warnings.usage", equalTo(List.of("dataEncipherment")))
                .body("warnings[0].message", containsString("Data Encipherment"))
                .body("certificate.warnings.usage", equalTo(List.of("dataEncipherment")))
                .extract().path("certificate.fingerprints.sha256");
        // Still visible later: the identity's detail and the certificate list.
        asAdmin().get("/api/v1/identities/tomcat").then().body("warnings.usage", equalTo(List.of("dataEncipherment")));
        asAdmin().get("/api/v1/certificates/tomcat/" + installed).then().body("warnings.usage",
                equalTo(List.of("dataEncipherment")));
        asAdmin().get("/api/v1/certificates?usage=identity&unit=tomcat").then()
                .body("items[0].warnings.usage", equalTo(List.of("dataEncipherment")));
        asAdmin().get("/api/v1/certificates?usage=identity&unit=CallManager").then().body("items[0].warnings.size()",
                equalTo(0));

        assertNotEquals(0, verifyServed(root).exitCode(), "nothing changes on the wire before Cisco Tomcat restarts");
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        var verified = verifyServed(root);
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
    }

    /**
     * As a renewal tool drives a real cluster: the certmgr API for CSR and uploads (the
     * intermediate alone to tomcat-trust is refused: seed 002's rule that a chain's root must be
     * trusted first), then leaf + intermediate + root in one identity upload, then
     * {@code utils service restart Cisco Tomcat} over SSH (OpenSSH's exec channel).
     */
    @Test
    void aRenewalToolsCertmgrSequenceInstallsAPublicCaChain() {
        SeedCa root = SeedCa.root("ucfleet acme root");
        SeedCa intermediate = root.intermediate("ucfleet acme issuing CA");
        String csr = certmgrCsr();
        String leaf = SeedCa.read(intermediate.sign(csr, "public_ca"));

        String stores = asAdmin().get("/api/v1/trust-stores").asString();
        admin().contentType("application/json").body(Map.of("service", List.of("tomcat"), "certificates",
                List.of(intermediate.pem()), "description", "issuing CA")).post(CERTMGR + "/trust/certificates").then()
                .statusCode(400).body("type", equalTo("urn:ucfleet:problem:issuer-chain-missing"))
                .body("missingIssuer", containsString("ucfleet acme root"));
        assertEquals(stores, asAdmin().get("/api/v1/trust-stores").asString(), "the refused intermediate was not stored");

        admin().contentType("application/json").body(Map.of("service", "tomcat", "certificates",
                List.of(leaf, intermediate.pem(), root.pem()))).post(CERTMGR + "/identity/certificates").then()
                .statusCode(200).body("servicesToRestart", hasItem("Cisco Tomcat"))
                .body("warnings.usage", equalTo(List.of("dataEncipherment")));
        restartTomcatOverSsh();
        var verified = verifyServed(root);
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());

        // Once more with a chain of leaf + root only (a CA that signs from its root).
        SeedCa direct = SeedCa.root("ucfleet acme direct root");
        String second = SeedCa.read(direct.sign(certmgrCsr(), "public_ca"));
        admin().contentType("application/json").body(Map.of("service", "tomcat", "certificates", List.of(second,
                direct.pem()))).post(CERTMGR + "/identity/certificates").then().statusCode(200)
                .body("warnings.usage", equalTo(List.of("dataEncipherment")));
        restartTomcatOverSsh();
        var again = verifyServed(direct);
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
    }

    @Test
    void aSignedCertificateWithAWildcardNameIsRefusedAndNothingChanges() {
        SeedCa root = SeedCa.root("ucfleet wildcard root");
        String csr = CaSignedIdentityTest.newCsr("tomcat", "{}");
        String leaf = SeedCa.read(root.sign(csr, "wildcard_san"));
        assertTrue(Openssl.x509Text(leaf).contains("DNS:*.ucfleet.test"));
        var before = CaSignedIdentityTest.Snapshot.take("tomcat");
        asAdmin().contentType("application/x-pem-file").body((leaf + root.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:wildcard-not-supported"))
                .body("names", equalTo(List.of("*.ucfleet.test")));
        before.assertUnchanged();
        assertEquals(csr, CaSignedIdentityTest.pendingPem("tomcat"), "the pending CSR stays");
    }

    @Test
    void aChainWithACaKeyAbove4096BitsIsRefusedAndNothingChanges() {
        SeedCa big = SeedCa.root("ucfleet oversized root", 4200);
        String csr = CaSignedIdentityTest.newCsr("tomcat", "{}");
        String leaf = big.signPem(csr);
        var before = CaSignedIdentityTest.Snapshot.take("tomcat");
        asAdmin().contentType("application/x-pem-file").body((leaf + big.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:key-too-large"))
                .body("detail", containsString("4200-bit"));
        before.assertUnchanged();
    }

    private void restartTomcatOverSsh() {
        var restart = new io.ucfleet.node.testing.SshClient(ssh.port(), Api.ADMIN, Api.ADMIN_PASSWORD,
                io.ucfleet.node.testing.SshClient.PASSWORD).exec("utils service restart Cisco Tomcat", null);
        assertEquals(0, restart.exitCode(), restart.stdout() + restart.stderr());
        assertTrue(restart.stdout().contains("Cisco Tomcat[STARTED]"), restart.stdout());
    }

    private String certmgrCsr() {
        return admin().contentType("application/json").body("{\"service\": \"tomcat\", \"distribution\": \"this-server\","
                + " \"commonName\": \"" + FQDN + "\"}").post(CERTMGR + "/csr").then().statusCode(200).extract().path("csr");
    }

    private RequestSpecification admin() {
        return given().baseUri("https://127.0.0.1").port(https.getPort()).relaxedHTTPSValidation().auth().preemptive()
                .basic(Api.ADMIN, Api.ADMIN_PASSWORD);
    }

    private Openssl.Result verifyServed(SeedCa root) {
        return Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + https.getPort(), "-servername", FQDN,
                "-CAfile", root.certificate().toString(), "-verify_hostname", FQDN, "-verify_return_error");
    }
}
