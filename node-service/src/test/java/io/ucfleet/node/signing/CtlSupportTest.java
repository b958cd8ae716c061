package io.ucfleet.node.signing;

import static io.restassured.RestAssured.given;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.SeedCa;

/**
 * The node's side of the CTL: ITLRecovery signing for ctl-service only, the "CTL update
 * required" flag, and CAPF enrollment of a phone CSR judged by openssl.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CtlSupportTest {

    static RequestSpecification asCluster() {
        return given().auth().preemptive().basic("cluster", "cluster-password");
    }

    static void assertProblem(ValidatableResponse response, int status, String slug) {
        response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:" + slug));
    }

    static X509Certificate identity(String unit) throws Exception {
        String pem = asAdmin().get("/api/v1/identities/" + unit).then().statusCode(200).extract().path("pem");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theClusterAccountGetsAnItlRecoverySignatureThatTheJdkVerifies() throws Exception {
        X509Certificate recovery = identity("ITLRecovery");
        String sha256 = asAdmin().get("/api/v1/identities/ITLRecovery").then().extract().path("fingerprints.sha256");
        io.ucfleet.platform.trustlist.CertificateFields signer = io.ucfleet.platform.trustlist.CertificateFields.of(
                recovery.getEncoded());
        var entries = List.of(new io.ucfleet.platform.trustlist.TrustListWriter.Entry(
                io.ucfleet.platform.trustlist.Role.SAST, signer, "cucm-pub", io.ucfleet.node.testing.TrustLists.loopback()));
        for (var digest : Map.of("SHA-1", "SHA1withRSA", "SHA-512", "SHA512withRSA").entrySet()) {
            byte[] data = io.ucfleet.node.testing.TrustLists.unsigned("CTLFile.tlv", signer,
                    io.ucfleet.platform.trustlist.DigestAlgorithm.parse(digest.getKey()).orElseThrow(), entries);
            byte[] signature = asCluster().contentType("application/octet-stream").body(data)
                    .post("/api/v1/signing/itl-recovery?digest=" + digest.getKey() + "&certificate=" + sha256)
                    .then().statusCode(200).header("X-Signer-Sha256", sha256).extract().asByteArray();
            Signature jdk = Signature.getInstance(digest.getValue());
            jdk.initVerify(recovery.getPublicKey());
            jdk.update(data);
            assertTrue(jdk.verify(signature), digest.getKey());
            assertEquals(256, signature.length);
        }
        byte[] data = io.ucfleet.node.testing.TrustLists.unsigned("CTLFile.tlv", signer,
                io.ucfleet.platform.trustlist.DigestAlgorithm.SHA1, entries);
        assertProblem(asCluster().contentType("application/octet-stream").body(data)
                .post("/api/v1/signing/itl-recovery?digest=MD5").then(), 400, "invalid-digest");
        var changed = asCluster().contentType("application/octet-stream").body(data)
                .post("/api/v1/signing/itl-recovery?certificate=" + "0".repeat(64)).then();
        changed.log().ifValidationFails();
        assertProblem(changed, 409, "signer-changed");
        assertProblem(asCluster().contentType("application/octet-stream").body(new byte[0])
                .post("/api/v1/signing/itl-recovery").then(), 400, "invalid-request");
        // Only the service account: not even an administrator gets the key to sign.
        assertProblem(asAdmin().contentType("application/octet-stream").body(data)
                .post("/api/v1/signing/itl-recovery").then(), 403, "forbidden");
        assertProblem(given().contentType("application/octet-stream").body(data)
                .post("/api/v1/signing/itl-recovery").then(), 401, "unauthorized");
    }

    @Test
    void ctlUpdateRequiredFollowsRegenerationInMixedModeOnly() {
        String callManager = asAdmin().get("/api/v1/identities/CallManager").then().extract().path("fingerprints.sha256");
        String capf = asAdmin().get("/api/v1/identities/CAPF").then().extract().path("fingerprints.sha256");
        String report = "{\"clusterSecurityMode\":\"mixed\",\"ctlVersion\":1,\"listed\":[{\"unit\":\"CallManager\","
                + "\"sha256\":\"" + callManager + "\"},{\"unit\":\"CAPF\",\"sha256\":\"" + capf + "\"}]}";
        asCluster().contentType("application/json").body(report).put("/api/v1/ctl-status").then().statusCode(200)
                .body("ctlUpdateRequired", equalTo(false));
        asReadOnly().get("/api/v1/ctl-status").then().statusCode(200).body("clusterSecurityMode", equalTo("mixed"))
                .body("ctlUpdateRequired", equalTo(false)).body("listed.size()", equalTo(2));

        String regenerated = asAdmin().contentType("application/json").body("{}")
                .post("/api/v1/identities/CallManager/regenerate").then().statusCode(200)
                .extract().path("certificate.fingerprints.sha256");
        asReadOnly().get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(true))
                .body("changed.unit", equalTo(List.of("CallManager")))
                .body("changed[0].listedSha256", equalTo(callManager))
                .body("changed[0].currentSha256", equalTo(regenerated));

        // update CTLFile: ctl-service reports the new listing and the flag clears.
        asCluster().contentType("application/json").body(report.replace(callManager, regenerated))
                .put("/api/v1/ctl-status").then().statusCode(200).body("ctlUpdateRequired", equalTo(false));
        // In non-secure mode a changed certificate needs no CTL update.
        asCluster().contentType("application/json").body(report.replace("mixed", "non-secure"))
                .put("/api/v1/ctl-status").then().statusCode(200).body("ctlUpdateRequired", equalTo(false))
                .body("changed.size()", equalTo(1));
        // every node's audit log holds the mode ctl-service reported, each way, by the cluster account
        List<java.util.Map<String, Object>> modes = asAdmin().queryParam("eventType", "security-mode").get("/api/v1/audit-log")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of("mixed", "non-secure"), List.of(modes.get(0).get("before"), modes.get(0).get("after")),
                modes.toString());
        assertEquals(List.of("non-secure", "mixed", "cluster"), List.of(modes.get(1).get("before"), modes.get(1).get("after"),
                modes.get(1).get("via")), modes.toString());

        assertProblem(asCluster().contentType("application/json").body("{\"clusterSecurityMode\":\"secure\"}")
                .put("/api/v1/ctl-status").then(), 400, "invalid-request");
        assertProblem(asCluster().contentType("application/json")
                .body("{\"clusterSecurityMode\":\"mixed\",\"listed\":[{\"unit\":\"cup\",\"sha256\":\"" + capf + "\"}]}")
                .put("/api/v1/ctl-status").then(), 400, "invalid-request");
        assertProblem(asAdmin().contentType("application/json").body(report).put("/api/v1/ctl-status").then(), 403,
                "forbidden");
        asCluster().contentType("application/json").body("{\"clusterSecurityMode\":\"non-secure\",\"listed\":[]}")
                .put("/api/v1/ctl-status").then().statusCode(200);
    }

    @Test
    void capfIssuesAnLscThatOpensslAndTheNodesTrustStoresVerify() throws Exception {
        Path dir = Openssl.tempDir();
        Path key = dir.resolve("phone.key");
        Path csr = dir.resolve("phone.csr");
        Openssl.run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-subj",
                "/CN=SEP001122334455/O=ucfleet phones", "-out", csr.toString());
        var issued = asAdmin().body(Files.readAllBytes(csr)).contentType("application/pkcs10")
                .post("/api/v1/capf/enroll").then().statusCode(201).extract().jsonPath();
        String lsc = issued.getString("pem");
        String capfPem = asAdmin().get("/api/v1/identities/CAPF").then().extract().path("pem");
        Path capfFile = Openssl.temp("capf.pem", capfPem);
        Path lscFile = Openssl.temp("lsc.pem", lsc);
        String verified = Openssl.run("verify", "-CAfile", capfFile.toString(), lscFile.toString());
        assertTrue(verified.contains(": OK"), verified);
        String text = Openssl.x509Text(lsc);
        assertTrue(text.contains("Subject: CN = SEP001122334455"), text);
        assertTrue(text.contains("TLS Web Client Authentication"), text);
        assertTrue(text.contains("CA:FALSE"), text);
        String modulusLsc = Openssl.withInput(lsc, "x509", "-noout", "-modulus").out();
        String modulusKey = Openssl.run("rsa", "-in", key.toString(), "-noout", "-modulus");
        assertEquals(modulusKey, modulusLsc, "the LSC certifies the phone's own key");

        asReadOnly().body(lsc.getBytes(StandardCharsets.US_ASCII)).contentType("application/x-pem-file").post("/api/v1/capf/verify").then()
                .statusCode(200).body("trusted", equalTo(true));
        // A certificate CAPF did not sign is not vouched for.
        String tomcat = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("pem");
        boolean trusted = asReadOnly().body(tomcat.getBytes(StandardCharsets.US_ASCII)).contentType("application/x-pem-file").post("/api/v1/capf/verify")
                .then().statusCode(200).extract().path("trusted");
        assertFalse(trusted);

        assertProblem(asAdmin().body("not a csr".getBytes(StandardCharsets.US_ASCII)).contentType("application/pkcs10").post("/api/v1/capf/enroll").then(),
                400, "invalid-csr");
        assertProblem(asReadOnly().body(Files.readAllBytes(csr)).contentType("application/pkcs10")
                .post("/api/v1/capf/enroll").then(), 403, "forbidden");
    }

    @Test
    void capfIssuesAnLscForAPhonesEcKey() throws Exception {
        Path dir = Openssl.tempDir();
        Path csr = dir.resolve("phone-ec.csr");
        Openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                dir.resolve("phone-ec.key").toString(), "-subj", "/CN=SEPAABBCCDDEEFF", "-out", csr.toString());
        String lsc = asAdmin().body(Files.readAllBytes(csr)).contentType("application/pkcs10")
                .post("/api/v1/capf/enroll").then().statusCode(201).extract().path("pem");
        String capfPem = asAdmin().get("/api/v1/identities/CAPF").then().extract().path("pem");
        String verified = Openssl.run("verify", "-CAfile", Openssl.temp("capf.pem", capfPem).toString(),
                Openssl.temp("lsc-ec.pem", lsc).toString());
        assertTrue(verified.contains(": OK"), verified);
        assertTrue(Openssl.x509Text(lsc).contains("prime256v1"), "the LSC certifies the phone's EC key");
    }

    /** Seed 002: "If mixed mode is enabled, you must update the CTL file whenever you upload a new certificate." */
    @Test
    void importsIntoCtlTrustStoresRaiseTheFlagInMixedModeUntilANewCtl() {
        String report = "{\"clusterSecurityMode\":\"mixed\",\"ctlVersion\":7,\"listed\":[]}";
        try {
            asCluster().contentType("application/json").body(report).put("/api/v1/ctl-status").then().statusCode(200)
                    .body("ctlUpdateRequired", equalTo(false));
            importTrust("tomcat-trust", "ucfleet ctl tomcat-trust root");
            asReadOnly().get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(false));
            for (String store : List.of("CallManager-trust", "Phone-SAST-trust", "Phone-CTL-trust")) {
                importTrust(store, "ucfleet ctl " + store + " root");
                asReadOnly().get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(true))
                        .body("pending.unit", org.hamcrest.Matchers.hasItem(store))
                        .body("pending.find { it.unit == '" + store + "' }.reason", org.hamcrest.Matchers.containsString(store));
            }
            // update CTLFile: a newer CTL holds them.
            asCluster().contentType("application/json").body(report.replace(":7,", ":8,")).put("/api/v1/ctl-status").then()
                    .statusCode(200).body("ctlUpdateRequired", equalTo(false)).body("pending.size()", equalTo(0));
        } finally {
            asCluster().contentType("application/json").body("{\"clusterSecurityMode\":\"non-secure\",\"listed\":[]}")
                    .put("/api/v1/ctl-status").then().statusCode(200);
        }
        // In non-secure mode an import needs no CTL update.
        importTrust("CallManager-trust", "ucfleet ctl non-secure root");
        asReadOnly().get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(false)).body("pending.size()",
                equalTo(0));
    }

    private static void importTrust(String store, String cn) {
        asAdmin().contentType("application/x-pem-file").body(SeedCa.root(cn).pem().getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/trust-stores/" + store + "/certificates").then().statusCode(201);
    }

    @Test
    void aCaSignedCallManagerAlsoRaisesTheFlagUntilTheCtlListsIt() {
        String selfSigned = asAdmin().get("/api/v1/identities/CallManager").then().extract().path("fingerprints.sha256");
        String report = "{\"clusterSecurityMode\":\"mixed\",\"ctlVersion\":1,\"listed\":[{\"unit\":\"CallManager\","
                + "\"sha256\":\"" + selfSigned + "\"}]}";
        asCluster().contentType("application/json").body(report).put("/api/v1/ctl-status").then().statusCode(200)
                .body("ctlUpdateRequired", equalTo(false));
        try {
            // The replacement path of issue 3 (CSR, openssl ca, upload), not a regeneration.
            SeedCa root = SeedCa.root("ucfleet ctl flag root");
            String csr = asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/CallManager/csr")
                    .then().statusCode(201).extract().path("csr.pem");
            String signed = root.signPem(csr);
            String installed = asAdmin().contentType("application/x-pem-file")
                    .body((signed + root.pem()).getBytes(StandardCharsets.US_ASCII))
                    .post("/api/v1/identities/CallManager/certificate").then().statusCode(200)
                    .body("certificate.type", equalTo("CA-signed")).extract().path("certificate.fingerprints.sha256");
            asReadOnly().get("/api/v1/ctl-status").then().body("ctlUpdateRequired", equalTo(true))
                    .body("changed.unit", equalTo(List.of("CallManager")))
                    .body("changed[0].currentSha256", equalTo(installed))
                    .body("pending.unit", org.hamcrest.Matchers.containsInAnyOrder("CallManager", "CallManager-trust"));
            // An ITL-only rebuild reports the same CTL: the uploads still wait for update CTLFile.
            asCluster().contentType("application/json").body(report.replace(selfSigned, installed))
                    .put("/api/v1/ctl-status").then().statusCode(200).body("ctlUpdateRequired", equalTo(true))
                    .body("changed.size()", equalTo(0));
            asCluster().contentType("application/json").body(report.replace(selfSigned, installed)
                    .replace("\"ctlVersion\":1", "\"ctlVersion\":2"))
                    .put("/api/v1/ctl-status").then().statusCode(200).body("ctlUpdateRequired", equalTo(false))
                    .body("pending.size()", equalTo(0));
        } finally {
            // The suite shares one node: back to non-secure and a self-signed CallManager.
            asCluster().contentType("application/json").body("{\"clusterSecurityMode\":\"non-secure\",\"listed\":[]}")
                    .put("/api/v1/ctl-status").then().statusCode(200);
            asAdmin().contentType("application/json").body("{\"keySize\": 2048}")
                    .post("/api/v1/identities/CallManager/regenerate").then().statusCode(200);
        }
    }
}
