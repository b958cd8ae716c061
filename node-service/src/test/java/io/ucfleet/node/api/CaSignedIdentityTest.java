package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.SeedCa;

/**
 * The common certificate job end to end, with the real {@code openssl ca} as the private CA
 * (seed 004's OpenSSL appendix, {@code copy_extensions = copy}): CSR from the API, signed,
 * root uploaded to tomcat-trust, signed certificate uploaded, Cisco Tomcat restarted, and
 * {@code openssl s_client} trusting only the root verifies the node by its FQDN. Every refusal
 * answers 4xx and changes nothing.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class CaSignedIdentityTest {
    static final String FQDN = "cucm-pub.ucfleet.test";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** The suite shares one node: give back the first-start (self-signed, RSA 2048) identities other tests expect. */
    @org.junit.jupiter.api.AfterEach
    void restoreSelfSignedIdentities() {
        for (String unit : java.util.List.of("tomcat", "CAPF")) {
            if ("CA-signed".equals(io.ucfleet.node.testing.Api.asAdmin().get("/api/v1/identities/" + unit).then()
                    .extract().path("type"))) {
                io.ucfleet.node.testing.Api.asAdmin().contentType("application/json").body("{\"keySize\": 2048}")
                        .post("/api/v1/identities/" + unit + "/regenerate").then().statusCode(200);
            }
        }
    }

    @Test
    void aTomcatCertificateSignedByOpensslCaIsServedAndTrustedAfterCiscoTomcatRestarts() {
        SeedCa root = SeedCa.root("ucfleet e2e root");
        String csr = newCsr("tomcat", "{}");
        String request = Openssl.withInput(csr, "req", "-verify", "-text", "-noout").out();
        assertTrue(request.contains("Digital Signature, Key Encipherment, Data Encipherment"), request);

        String signed = root.signPem(csr);
        String text = Openssl.x509Text(signed);
        assertTrue(text.contains("Digital Signature, Key Encipherment, Data Encipherment"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("DNS:" + FQDN), text);

        restartTomcat();
        assertNotEquals(0, verifyServed(root).exitCode(), "the self-signed tomcat must not verify against the new root");

        asAdmin().contentType("application/x-pem-file").body(root.pem().getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
        asAdmin().contentType("application/x-pem-file").body(signed.getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                .body("certificate.type", equalTo("CA-signed"))
                .body("certificate.issuer", containsString("ucfleet e2e root"))
                .body("servicesToRestart", hasItem("Cisco Tomcat"));
        asAdmin().get("/api/v1/services").then().body("find { it.id == 'cisco-tomcat' }.restartRequired", equalTo(true));
        assertNotEquals(0, verifyServed(root).exitCode(), "nothing is served differently before Cisco Tomcat restarts");
        asAdmin().get("/api/v1/identities/tomcat/csr").then().statusCode(404)
                .body("type", equalTo("urn:ucfleet:problem:csr-not-found"));

        restartTomcat();
        var verified = verifyServed(root);
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
        assertTrue(verified.stdout().contains("Verify return code: 0 (ok)"), verified.stdout());
    }

    @Test
    void aChainWithAnIntermediateInOneRequestImportsTheCasAndServesTheIntermediate() {
        SeedCa root = SeedCa.root("ucfleet chain root");
        SeedCa intermediate = root.intermediate("ucfleet chain issuing CA");
        String csr = newCsr("tomcat", "{\"keyLength\": 3072}");
        String leaf = intermediate.signPem(csr);
        String chain = leaf + intermediate.pem() + root.pem();

        asAdmin().contentType("application/x-pem-file").body(chain.getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                .body("trustImported.size()", equalTo(2))
                .body("certificate.publicKey.size", equalTo(3072));
        asAdmin().get("/api/v1/certificates?unit=tomcat-trust&commonName=ucfleet chain").then()
                .body("items.commonName", org.hamcrest.Matchers.containsInAnyOrder("ucfleet chain root", "ucfleet chain issuing CA"));

        restartTomcat();
        var verified = verifyServed(root);
        assertEquals(0, verified.exitCode(), verified.stdout() + verified.stderr());
    }

    @Test
    void aCapfRootIsAlsoPutInCallManagerTrust() {
        SeedCa root = SeedCa.root("ucfleet capf root");
        String csr = newCsr("CAPF", "{}");
        String request = Openssl.withInput(csr, "req", "-text", "-noout").out();
        assertTrue(request.contains("Certificate Sign"), request);
        String leaf = root.signPem(csr);
        asAdmin().contentType("application/x-pem-file").body((leaf + root.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/CAPF/certificate").then().statusCode(200).body("certificate.type", equalTo("CA-signed"));
        for (String store : List.of("CAPF-trust", "CallManager-trust")) {
            asAdmin().get("/api/v1/certificates?unit=" + store + "&commonName=ucfleet capf root").then()
                    .body("total", equalTo(1));
        }
    }

    @Test
    void aCertificateForAnotherKeyIsRefusedAndNothingChanges() {
        SeedCa root = SeedCa.root("ucfleet mismatch root");
        String csr = newCsr("tomcat", "{}");
        String foreign = Openssl.run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "/dev/null",
                "-subj", "/CN=" + FQDN);
        String signed = root.signPem(foreign);
        Snapshot before = Snapshot.take("tomcat");
        refused("tomcat", signed + root.pem(), 400, "csr-key-mismatch");
        before.assertUnchanged();
        assertEquals(csr, pendingPem("tomcat"), "the pending CSR stays");
    }

    @Test
    void aLeafWhoseIssuerIsNotTrustedIsRefusedNamingTheIssuer() {
        SeedCa unknown = SeedCa.root("ucfleet untrusted root");
        String csr = newCsr("tomcat", "{}");
        String signed = unknown.signPem(csr);
        Snapshot before = Snapshot.take("tomcat");
        refused("tomcat", signed, 400, "issuer-chain-missing").body("missingIssuer", containsString("ucfleet untrusted root"));
        before.assertUnchanged();

        // An intermediate without its root: the root is named, and the intermediate is not imported either.
        SeedCa intermediate = unknown.intermediate("ucfleet orphan issuing CA");
        String leaf = intermediate.signPem(csr);
        refused("tomcat", leaf + intermediate.pem(), 400, "issuer-chain-missing")
                .body("missingIssuer", containsString("ucfleet untrusted root"));
        before.assertUnchanged();
        assertEquals(csr, pendingPem("tomcat"));
    }

    /** Seed 002 only asks to "ensure" Data Encipherment is kept: a real node installs the certificate; ucfleet warns. */
    @Test
    void aSignedCertificateThatLostDataEnciphermentIsInstalledWithAWarning() {
        SeedCa root = SeedCa.root("ucfleet stripping root");
        String csr = newCsr("tomcat", "{}");
        String stripped = SeedCa.read(root.sign(csr, "drops_data_encipherment"));
        assertTrue(!Openssl.x509Text(stripped).contains("Data Encipherment"));
        asAdmin().contentType("application/x-pem-file").body((stripped + root.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                .body("certificate.type", equalTo("CA-signed"))
                .body("warnings.usage", equalTo(List.of("dataEncipherment")))
                .body("note", containsString("warnings"));
    }

    @Test
    void aSignedCertificateWithFractionalSecondsIsRefused() {
        var root = io.ucfleet.node.testing.TestCertificates.selfSignedCa("ucfleet fractional root");
        String csr = newCsr("tomcat", "{}");
        var leaf = io.ucfleet.node.testing.TestCertificates.signedWithRawNotBefore(root, csr, "20250101120000.5Z");
        String leafPem = io.ucfleet.node.x509.Pem.certificate(io.ucfleet.node.x509.CertificateFacts.encoded(leaf));
        Snapshot before = Snapshot.take("tomcat");
        refused("tomcat", leafPem + root.pem(), 400, "invalid-time-encoding");
        before.assertUnchanged();
        assertEquals(csr, pendingPem("tomcat"));
    }

    @Test
    void anUploadWithoutAPendingCsrIsRefused() {
        SeedCa root = SeedCa.root("ucfleet no-csr root");
        String foreign = Openssl.run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=" + FQDN);
        Snapshot before = Snapshot.take("TVS");
        asAdmin().get("/api/v1/identities/TVS/csr").then().statusCode(404);
        refused("TVS", root.signPem(foreign) + root.pem(), 409, "no-pending-csr");
        before.assertUnchanged();
    }

    @Test
    void onlyAdminsInstallCertificates() {
        io.ucfleet.node.testing.Api.asReadOnly().contentType("application/x-pem-file").body("x".getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(403);
        io.ucfleet.node.testing.Api.anonymous().contentType("application/x-pem-file").body("x".getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/tomcat/certificate").then().statusCode(401);
    }

    /** The unit's identity, the trust stores and the restart flags, to show a refusal changed nothing. */
    record Snapshot(String unit, String identity, String trust, String services) {
        static Snapshot take(String unit) {
            return new Snapshot(unit, asAdmin().get("/api/v1/identities/" + unit).then().extract().path("fingerprints.sha256"),
                    asAdmin().get("/api/v1/trust-stores").asString(), asAdmin().get("/api/v1/services").asString());
        }

        void assertUnchanged() {
            assertEquals(this, take(unit));
        }
    }

    static String newCsr(String unit, String body) {
        return asAdmin().contentType("application/json").body(body).post("/api/v1/identities/" + unit + "/csr").then()
                .statusCode(201).extract().path("csr.pem");
    }

    static String pendingPem(String unit) {
        return asAdmin().get("/api/v1/identities/" + unit + "/csr").then().statusCode(200).extract().path("pem");
    }

    private static ValidatableResponse refused(String unit, String body, int status, String slug) {
        return asAdmin().contentType("application/x-pem-file").body(body.getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/identities/" + unit + "/certificate").then().statusCode(status)
                .contentType("application/problem+json").body("type", equalTo("urn:ucfleet:problem:" + slug));
    }

    private static void restartTomcat() {
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }

    private Openssl.Result verifyServed(SeedCa root) {
        return Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + https.getPort(), "-servername", FQDN,
                "-CAfile", root.certificate().toString(), "-verify_hostname", FQDN, "-verify_return_error");
    }
}
