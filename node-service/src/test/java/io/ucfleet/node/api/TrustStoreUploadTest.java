package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static io.ucfleet.node.testing.Api.anonymous;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.node.testing.TestCertificates;

/** "Upload Certificate / Certificate Chain" into trust stores, including every refusal. */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class TrustStoreUploadTest {

    static ValidatableResponse upload(String store, String body) {
        return asAdmin().contentType("application/x-pem-file").body(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/api/v1/trust-stores/" + store + "/certificates?description=test").then();
    }

    static ValidatableResponse upload(String store, byte[] body) {
        return asAdmin().contentType("application/octet-stream").body(body)
                .post("/api/v1/trust-stores/" + store + "/certificates").then();
    }

    static long count(String store) {
        return ((Number) asAdmin().get("/api/v1/certificates?unit=" + store).then().statusCode(200).extract().path("total"))
                .longValue();
    }

    static void assertProblem(ValidatableResponse response, int status, String slug) {
        response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:" + slug)).body("status", equalTo(status));
    }

    @Test
    void importsARootAndListsIt() {
        OpensslCa root = OpensslCa.root("Upload Root A");
        upload("tomcat-trust", root.pem()).statusCode(201)
                .body("imported", hasSize(1))
                .body("imported[0].sha256", equalTo(root.sha256()))
                .body("imported[0].usage", equalTo("trust"))
                .body("imported[0].type", equalTo("trust"))
                .body("imported[0].description", equalTo("test"));
        asAdmin().get("/api/v1/certificates?unit=tomcat-trust&commonName=Upload Root A").then()
                .body("items.sha256", hasItem(root.sha256()));
    }

    @Test
    void sameCertificateAgainIsNoDuplicateAndNoError() {
        OpensslCa root = OpensslCa.root("Upload Root Twice");
        upload("CallManager-trust", root.pem()).statusCode(201);
        long before = count("CallManager-trust");
        upload("CallManager-trust", root.pem()).statusCode(200).body("imported", hasSize(0))
                .body("alreadyPresent[0].sha256", equalTo(root.sha256()));
        assertEquals(before, count("CallManager-trust"));
    }

    @Test
    void refusesAnIntermediateBeforeItsRootNamingTheMissingIssuerAndStoresNothing() {
        OpensslCa root = OpensslCa.root("Chain Root B");
        OpensslCa intermediate = root.intermediate("Chain Intermediate B");
        long before = count("tomcat-trust");
        assertProblem(upload("tomcat-trust", intermediate.pem()), 400, "issuer-chain-missing");
        upload("tomcat-trust", intermediate.pem()).body("detail", containsString("Chain Root B"))
                .body("missingIssuer", containsString("CN=Chain Root B"));
        assertEquals(before, count("tomcat-trust"));

        upload("tomcat-trust", root.pem()).statusCode(201);
        upload("tomcat-trust", intermediate.pem()).statusCode(201).body("imported[0].sha256", equalTo(intermediate.sha256()));
    }

    @Test
    void aLeafAndIntermediateWithoutTheRootNameTheRootAsMissing() {
        OpensslCa root = OpensslCa.root("Partial Root");
        OpensslCa intermediate = root.intermediate("Partial Intermediate");
        OpensslCa leaf = intermediate.leaf("partial.example.com");
        assertProblem(upload("tomcat-trust", leaf.pem() + intermediate.pem()), 400, "issuer-chain-missing");
        upload("tomcat-trust", leaf.pem() + intermediate.pem()).body("missingIssuer", equalTo("CN=Partial Root,O=ucfleet tests"));
    }

    @Test
    void theSameCertificateTwiceInOneUploadIsStoredOnce() {
        OpensslCa root = OpensslCa.root("Doubled Root");
        upload("TVS-trust", root.pem() + root.pem()).statusCode(201).body("imported", hasSize(1));
        upload("TVS-trust", root.pem() + root.pem()).statusCode(200).body("alreadyPresent", hasSize(1));
    }

    @Test
    void changingTomcatTrustFlagsCiscoTomcatForRestart() {
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        OpensslCa root = OpensslCa.root("Tomcat Flag Root");
        upload("tomcat-trust", root.pem()).statusCode(201);
        asAdmin().get("/api/v1/services").then()
                .body("find { it.id == 'cisco-tomcat' }.restartRequired", equalTo(true))
                .body("find { it.id == 'cisco-tomcat' }.restartReasons", hasItem("tomcat-trust changed"));
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        asAdmin().delete("/api/v1/certificates/tomcat-trust/" + root.sha256() + "?confirm=true").then().statusCode(200);
        asAdmin().get("/api/v1/services").then().body("find { it.id == 'cisco-tomcat' }.restartRequired", equalTo(true));
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }

    @Test
    void aWholeChainInOneUploadIsInstalledRootFirst() {
        OpensslCa root = OpensslCa.root("Chain Root C");
        OpensslCa intermediate = root.intermediate("Chain Intermediate C");
        OpensslCa leaf = intermediate.leaf("peer.example.com");
        // Leaf first, root last: the order of the file does not matter.
        upload("tomcat-trust", leaf.pem() + intermediate.pem() + root.pem()).statusCode(201)
                .body("imported.sha256", equalTo(java.util.List.of(root.sha256(), intermediate.sha256(), leaf.sha256())));
    }

    @Test
    void acceptsPkcs7ChainsAndDer() throws Exception {
        OpensslCa root = OpensslCa.root("Chain Root D");
        OpensslCa intermediate = root.intermediate("Chain Intermediate D");
        var dir = Openssl.tempDir();
        var bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, root.pem() + intermediate.pem());
        var p7b = dir.resolve("chain.p7b");
        Openssl.run("crl2pkcs7", "-nocrl", "-certfile", bundle.toString(), "-outform", "DER", "-out", p7b.toString());
        upload("ipsec-trust", Files.readAllBytes(p7b)).statusCode(201).body("imported", hasSize(2));

        OpensslCa other = OpensslCa.root("DER Root");
        var der = dir.resolve("root.der");
        Openssl.run("x509", "-in", other.certificate().toString(), "-outform", "DER", "-out", der.toString());
        upload("ipsec-trust", Files.readAllBytes(der)).statusCode(201).body("imported[0].sha256", equalTo(other.sha256()));
    }

    @Test
    void acceptsAnExpiredCertificateWithAWarningAndFlagsItInListings() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var expired = TestCertificates.selfSignedCa("Expired Root", now.minus(800, ChronoUnit.DAYS), now.minus(30, ChronoUnit.DAYS));
        String sha256 = upload("Phone-SAST-trust", expired.pem()).statusCode(201)
                .body("warnings[0].code", equalTo("expired"))
                .extract().path("imported[0].sha256");
        asAdmin().get("/api/v1/certificates?unit=Phone-SAST-trust&commonName=Expired Root").then()
                .body("items[0].expired", equalTo(true));
        asAdmin().get("/api/v1/certificates/Phone-SAST-trust/" + sha256).then().body("expired", equalTo(true));
    }

    @Test
    void refusesTimesThatBreakTheGeneralizedTimeRule() {
        long before = count("CAPF-trust");
        for (String[] bad : new String[][] {{"false", "20250101120000.500Z", "fractional seconds"},
                {"true", "2501011200Z", "no seconds"}, {"false", "20250101120000+0200", "not in GMT"}}) {
            var cert = TestCertificates.withRawNotBefore("Bad Time", Boolean.parseBoolean(bad[0]), bad[1]);
            assertProblem(upload("CAPF-trust", cert.pem()), 400, "invalid-time-encoding");
            upload("CAPF-trust", cert.pem()).body("detail", containsString(bad[2]));
        }
        assertEquals(before, count("CAPF-trust"));
    }

    @Test
    void refusesBadInputWithAProblemThatSaysWhatIsWrongAndChangesNothing() throws Exception {
        long before = count("tomcat-trust");
        assertProblem(upload("tomcat-trust", "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==!!\n-----END CERTIFICATE-----\n"),
                400, "invalid-pem");
        assertProblem(upload("tomcat-trust", "hello, I am not a certificate"), 400, "invalid-der");
        var dir = Openssl.tempDir();
        var full = dir.resolve("t.der");
        Openssl.run("x509", "-in", OpensslCa.root("Truncated").certificate().toString(), "-outform", "DER", "-out", full.toString());
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(full), 100);
        assertProblem(upload("tomcat-trust", truncated), 400, "invalid-der");
        upload("tomcat-trust", truncated).body("detail", containsString("truncated"));
        String csr = Openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("k").toString(), "-subj", "/CN=not a cert");
        assertProblem(upload("tomcat-trust", csr), 400, "not-a-certificate");
        String key = Openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        assertProblem(upload("tomcat-trust", key), 400, "not-a-certificate");
        upload("tomcat-trust", key).body(not(containsString(key.lines().skip(1).findFirst().orElseThrow())));
        assertProblem(upload("tomcat-trust", ""), 400, "empty-upload");
        assertEquals(before, count("tomcat-trust"));
    }

    @Test
    void storesCertificatesWithHugeNamesAndRefusesHugeDescriptions() {
        String longName = "x".repeat(5000);
        var ca = TestCertificates.selfSignedCa(longName);
        String sha256 = upload("Userlicensing-trust", ca.pem()).statusCode(201)
                .body("imported[0].commonName", equalTo("x".repeat(599) + "\u2026")).extract().path("imported[0].sha256");
        asAdmin().get("/api/v1/certificates/Userlicensing-trust/" + sha256).then().body("commonName", equalTo(longName));
        asAdmin().contentType("application/x-pem-file").body(OpensslCa.root("Described").pem().getBytes())
                .queryParam("description", "d".repeat(2000))
                .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(400)
                .body("errors[0].field", equalTo("description"));
    }

    @Test
    void refusesUnknownStoresAndIdentityUnitsAsUploadTargets() {
        String pem = OpensslCa.root("Nowhere").pem();
        assertProblem(upload("no-such-trust", pem), 404, "unknown-trust-store");
        assertProblem(upload("tomcat", pem), 404, "unknown-trust-store");
        upload("tomcat", pem).body("detail", containsString("identity certificate"));
        // IM and Presence stores do not exist on a Unified CM publisher.
        assertProblem(upload("cup-trust", pem), 404, "unknown-trust-store");
    }

    @Test
    void refusesAnOversizedBody() {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'A');
        assertProblem(upload("tomcat-trust", big), 413, "payload-too-large");
    }

    @Test
    void refusesABodyPastTheHttpLayersLimitBeforeReadingIt() throws Exception {
        // 9 MiB is past quarkus.http.limits.max-body-size; curl sends "Expect: 100-continue" and
        // the HTTP edge (platform's HttpEdge) answers 413 problem+json before the body is sent, on
        // plain HTTP too, where the limits answer before the redirect to HTTPS.
        var file = Openssl.tempDir().resolve("huge.bin");
        Files.write(file, new byte[9 * 1024 * 1024]);
        Process curl = new ProcessBuilder("curl", "-s", "-u", "admin:admin-password", "-H", "Content-Type: application/x-pem-file",
                "--data-binary", "@" + file, "-w", "\n%{http_code} %{content_type}",
                "http://localhost:" + io.ucfleet.platform.testing.OverHttps.plainPort() + "/api/v1/trust-stores/tomcat-trust/certificates")
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes());
        curl.waitFor();
        org.junit.jupiter.api.Assertions.assertTrue(out.strip().endsWith("413 application/problem+json"), out);
        org.junit.jupiter.api.Assertions.assertTrue(out.contains("urn:ucfleet:problem:payload-too-large"), out);
    }

    @Test
    void refusesMoreCertificatesThanOneUploadMayHoldAndNulInDescriptions() {
        var ca = TestCertificates.selfSignedCa("Many");
        String many = ca.pem().repeat(1001);
        assertProblem(upload("Phone-CTL-trust", many), 400, "invalid-request");
        asAdmin().contentType("application/x-pem-file").body(ca.pem().getBytes()).urlEncodingEnabled(false)
                .post("/api/v1/trust-stores/Phone-CTL-trust/certificates?description=a%00b").then().statusCode(400)
                .body("errors[0].field", equalTo("description"));
    }

    @Test
    void uploadNeedsTheAdminRole() {
        String pem = OpensslCa.root("Role Check").pem();
        assertProblem(asReadOnly().body(pem).post("/api/v1/trust-stores/tomcat-trust/certificates").then(), 403, "forbidden");
        anonymous().body(pem).post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"));
        asReadOnly().get("/api/v1/certificates?commonName=Role Check").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void listsTheTrustStoresOfARole() {
        asReadOnly().get("/api/v1/trust-stores").then().statusCode(200)
                .body("name", equalTo(java.util.List.of("tomcat-trust", "CallManager-trust", "ipsec-trust", "CAPF-trust",
                        "Userlicensing-trust", "TVS-trust", "Phone-SAST-trust", "Phone-CTL-trust")));
    }
}
