package io.ucfleet.labca;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.labca.testing.LabCaTestEnvironment;
import io.ucfleet.labca.testing.Openssl;

/**
 * lab-ca in one boot against real PostgreSQL, judged by the system's openssl and curl: each test
 * makes its own hierarchy (the default one is only looked at), signs CSRs openssl made, and lets
 * {@code openssl x509}, {@code verify -crl_check}, {@code crl} and {@code ocsp} say what the
 * certificates, CRLs and OCSP answers are.
 */
@QuarkusTest
@QuarkusTestResource(LabCaTestEnvironment.class)
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class LabCaTest {
    static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin-password");
    }

    static RequestSpecification auditor() {
        return given().auth().preemptive().basic("auditor", "auditor-password");
    }

    static String base() {
        return "http://127.0.0.1:" + LabCaTestEnvironment.port;
    }

    /** A hierarchy of the test's own, its root and intermediate written as root.pem and inter.pem. */
    static void hierarchy(Openssl o, String name, String keyType) {
        var created = admin().contentType("application/json").body(Map.of("name", name, "keyType", keyType))
                .post("/api/v1/authorities").then().statusCode(201).extract();
        o.write("root.pem", created.<String>path("root.certificate"));
        o.write("inter.pem", created.<String>path("intermediate.certificate"));
    }

    static ExtractableResponse<Response> sign(String hierarchy, String csr, String profile) {
        return admin().contentType("application/json").body(Map.of("csr", csr, "profile", profile))
                .post("/api/v1/authorities/" + hierarchy + "/certificates").then().log().ifValidationFails().statusCode(201).extract();
    }

    /** The CA's CRL as the CDP serves it (DER), converted to PEM by openssl for {@code -CRLfile}. */
    static String crlText(Openssl o, String hierarchy, String tier) {
        byte[] der = given().get("/pki/" + hierarchy + "/" + tier + ".crl").then().statusCode(200)
                .contentType("application/pkix-crl").extract().asByteArray();
        o.write(tier + ".crl", der);
        o.openssl("crl", "-inform", "DER", "-in", tier + ".crl", "-out", tier + "-crl.pem").out();
        return o.openssl("crl", "-inform", "DER", "-in", tier + ".crl", "-noout", "-text").out();
    }

    static long crlNumber(String text) {
        Matcher m = Pattern.compile("X509v3 CRL Number:\\s*\\n\\s*(\\d+)").matcher(text);
        assertTrue(m.find(), text);
        return Long.parseLong(m.group(1));
    }

    static Openssl.Result verify(Openssl o) {
        return o.openssl("verify", "-CAfile", "root.pem", "-untrusted", "inter.pem", "-crl_check", "-CRLfile",
                "intermediate-crl.pem", "cert.pem");
    }

    /** What bench/http-campaign found: a NUL in a hierarchy name, a body Jackson takes for UTF-32. */
    @Test
    void aHierarchyNameNoHierarchyCanHaveAndUndecodableJsonAreClientErrors() {
        for (String path : java.util.List.of("/api/v1/authorities/%00", "/api/v1/authorities/%00/certificates/1", "/pki/%00/root.pem",
                "/pki/%00/ocsp/x")) {
            admin().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("unknown-authority"));
        }
        byte[] utf32ish = {'0', 0, 0, 0, '0', (byte) 0x82};
        for (String path : java.util.List.of("/api/v1/client-verdicts", "/api/v1/enrollments", "/api/v1/authorities")) {
            admin().contentType("application/json").body(utf32ish).post(path).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("do not decode"));
        }
    }

    @Test
    void firstStartCreatedTheDefaultHierarchyWhoseIntermediateChainsToItsRoot() {
        Openssl o = Openssl.inTemp();
        var h = auditor().get("/api/v1/authorities/default").then().statusCode(200)
                .body("issuingTier", equalTo("intermediate")).body("root.keyType", equalTo("RSA"))
                .body("ocspUrl", equalTo(base() + "/pki/default/ocsp")).extract();
        o.write("root.pem", h.<String>path("root.certificate"));
        o.write("inter.pem", h.<String>path("intermediate.certificate"));
        assertTrue(o.openssl("verify", "-CAfile", "root.pem", "inter.pem").out().contains("inter.pem: OK"));
        String inter = o.openssl("x509", "-in", "inter.pem", "-noout", "-text").out();
        assertTrue(inter.contains("CA:TRUE, pathlen:0"), inter);
        assertTrue(inter.contains("URI:" + base() + "/pki/default/root.crl"), inter);
        assertTrue(inter.contains("CA Issuers - URI:" + base() + "/pki/default/root.crt"), inter);
        String root = o.openssl("x509", "-in", "root.pem", "-noout", "-text").out();
        assertTrue(root.contains("Certificate Sign, CRL Sign"), root);
        assertFalse(auditor().get("/api/v1/authorities").asString().contains("PRIVATE KEY"));
    }

    @Test
    void copyExtensionsKeepsTheCsrsUsagesAndAddsCdpAndAia() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "copy", "rsa");
        String csr = o.csr("node", "rsa:2048", "/CN=cucm-pub.lab.test/OU=UC/O=Lab/C=US",
                "keyUsage = critical, digitalSignature, keyEncipherment, dataEncipherment",
                "extendedKeyUsage = serverAuth, clientAuth", "subjectAltName = DNS:cucm-pub.lab.test, DNS:uc.lab.test");
        var issued = sign("copy", csr, "copy-extensions");
        o.write("cert.pem", issued.<String>path("certificate"));
        String text = o.openssl("x509", "-in", "cert.pem", "-noout", "-text").out();
        assertTrue(text.contains("Digital Signature, Key Encipherment, Data Encipherment"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("DNS:cucm-pub.lab.test, DNS:uc.lab.test"), text);
        assertTrue(text.contains("X509v3 CRL Distribution Points"), text);
        assertTrue(text.contains("URI:" + base() + "/pki/copy/intermediate.crl"), text);
        assertTrue(text.contains("OCSP - URI:" + base() + "/pki/copy/ocsp"), text);
        assertTrue(text.contains("CA Issuers - URI:" + base() + "/pki/copy/intermediate.crt"), text);
        assertTrue(text.contains("CA:FALSE"), text);
        assertEquals(issued.<String>path("serial"),
                o.openssl("x509", "-in", "cert.pem", "-noout", "-serial").out().strip().substring("serial=".length()));
        assertEquals(List.of(o.read("inter.pem"), o.read("root.pem")), issued.path("chain"));
        // the caIssuers URL serves the issuer, DER, without login
        byte[] issuer = given().get("/pki/copy/intermediate.crt").then().statusCode(200).contentType("application/pkix-cert")
                .extract().asByteArray();
        o.write("issuer.der", issuer);
        assertEquals(o.openssl("x509", "-in", "inter.pem", "-noout", "-fingerprint", "-sha256").out(),
                o.openssl("x509", "-inform", "DER", "-in", "issuer.der", "-noout", "-fingerprint", "-sha256").out());
    }

    @Test
    void publicCaIssuesServerAndClientAuthWithTheCsrsSanAndDropsTheRest() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "public", "ec");
        String csr = o.csr("tomcat", "rsa:2048", "/CN=cucm-sub.lab.test",
                "keyUsage = critical, digitalSignature, keyEncipherment, dataEncipherment",
                "extendedKeyUsage = serverAuth, clientAuth, ipsecEndSystem", "subjectAltName = DNS:cucm-sub.lab.test");
        var issued = sign("public", csr, "public-ca");
        o.write("cert.pem", issued.<String>path("certificate"));
        String text = o.openssl("x509", "-in", "cert.pem", "-noout", "-text").out();
        assertTrue(text.contains("Digital Signature, Key Encipherment\n"), text);
        assertFalse(text.contains("Data Encipherment"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication\n"), text);
        assertTrue(text.contains("DNS:cucm-sub.lab.test"), text);
        assertTrue(text.contains("ecdsa-with-SHA256"), text); // signed by the EC intermediate
        assertTrue(issued.<List<String>>path("warnings").stream().anyMatch(w -> w.contains("not copied")), issued.asString());
        crlText(o, "public", "intermediate");
        assertEquals(0, verify(o).exitCode(), verify(o).all());
        // no SAN in the CSR: its CN becomes the dNSName
        String bare = o.csr("bare", "ec", "/CN=exp-c.lab.test");
        o.write("bare.pem", sign("public", bare, "public-ca").<String>path("certificate"));
        String bareText = o.openssl("x509", "-in", "bare.pem", "-noout", "-text").out();
        assertTrue(bareText.contains("DNS:exp-c.lab.test"), bareText);
        assertTrue(bareText.contains("Digital Signature\n"), bareText);
    }

    @Test
    void revocationPutsTheSerialOnTheNextCrlAndOpensslVerifyThenRefuses() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "revoke", "rsa");
        String serial = sign("revoke", o.csr("leaf", "rsa:2048", "/CN=cuc.lab.test", "extendedKeyUsage = serverAuth"),
                "copy-extensions").path("serial");
        o.write("cert.pem", admin().get("/api/v1/authorities/revoke/certificates/" + serial).then().statusCode(200)
                .body("status", equalTo("good")).extract().<String>path("certificate"));
        long before = crlNumber(crlText(o, "revoke", "intermediate"));
        var good = verify(o);
        assertEquals(0, good.exitCode(), good.all());
        assertTrue(good.stdout().contains("cert.pem: OK"), good.all());

        admin().contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/authorities/revoke/certificates/" + serial + "/revocation").then().statusCode(200)
                .body("certificate.status", equalTo("revoked")).body("certificate.revocationReason", equalTo("keyCompromise"))
                .body("crlNumber", equalTo((int) before + 1));
        String crl = crlText(o, "revoke", "intermediate");
        assertEquals(before + 1, crlNumber(crl));
        assertTrue(crl.contains("Serial Number: " + serial), crl);
        assertTrue(crl.contains("Key Compromise"), crl);
        var refused = verify(o);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.all().contains("certificate revoked"), refused.all());

        admin().contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/authorities/revoke/certificates/" + serial + "/revocation").then().statusCode(409)
                .body("type", equalTo("urn:ucfleet:problem:already-revoked"));
        admin().contentType("application/json").body(Map.of("reason", "removeFromCRL"))
                .post("/api/v1/authorities/revoke/certificates/" + serial + "/revocation").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:unknown-revocation-reason"));
        auditor().get("/api/v1/authorities/revoke/certificates?status=revoked").then().statusCode(200)
                .body("items.serial", hasItem(serial)).body("total", equalTo(1));
        auditor().get("/api/v1/authorities/revoke/certificates?status=good").then().body("items.serial", not(hasItem(serial)))
                .body("items.profile", hasItem("intermediate-ca"));
        assertEquals(before + 1, crlNumber(crlText(o, "revoke", "intermediate"))); // served again, not re-signed
    }

    @Test
    void crlsAreServedAsDerPemZipAndGzipOfTheSameCrl() throws Exception {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "forms", "ec");
        byte[] der = given().get("/pki/forms/intermediate.crl").then().statusCode(200).extract().asByteArray();
        String pem = given().get("/pki/forms/intermediate.crl.pem").then().statusCode(200)
                .contentType("application/x-pem-file").extract().asString();
        assertTrue(pem.startsWith("-----BEGIN X509 CRL-----"), pem);
        byte[] zip = given().get("/pki/forms/intermediate.crl.zip").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();
        byte[] gzip = given().get("/pki/forms/intermediate.crl.gz").then().statusCode(200).contentType("application/gzip")
                .extract().asByteArray();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            assertEquals("intermediate.crl", in.getNextEntry().getName());
            o.write("from-zip.crl", in.readAllBytes());
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            o.write("from-gzip.crl", in.readAllBytes());
        }
        o.write("served.crl", der);
        o.write("served.pem", pem);
        String text = o.openssl("crl", "-inform", "DER", "-in", "served.crl", "-noout", "-text").out();
        assertTrue(text.contains("Issuer: O = ucfleet lab, CN = ucfleet Lab Issuing CA (forms)"), text);
        for (String[] other : List.of(new String[] { "PEM", "served.pem" }, new String[] { "DER", "from-zip.crl" },
                new String[] { "DER", "from-gzip.crl" })) {
            assertEquals(text, o.openssl("crl", "-inform", other[0], "-in", other[1], "-noout", "-text").out(), other[1]);
        }
        assertTrue(o.openssl("crl", "-inform", "DER", "-in", "served.crl", "-noout", "-CAfile", "inter.pem").all()
                .contains("verify OK"));
        assertFalse(o.openssl("crl", "-inform", "DER", "-in", "served.crl", "-noout", "-CAfile", "root.pem").all()
                .contains("verify OK")); // and not by another CA
    }

    @Test
    void aBackdateBeyondTheValidityServesAnExpiredCrlThatOpensslRefuses() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "expired", "rsa");
        o.write("cert.pem", sign("expired", o.csr("leaf", "ec", "/CN=exp.lab.test"), "public-ca").<String>path("certificate"));
        admin().contentType("application/json").body(Map.of("validity", "PT1H", "backdate", "PT3H"))
                .put("/api/v1/authorities/expired/crl").then().statusCode(200).body("crl.servesExpiredCrl", equalTo(true));
        String text = crlText(o, "expired", "intermediate");
        Matcher next = Pattern.compile("Next Update: (.+)").matcher(text);
        assertTrue(next.find(), text);
        var expired = verify(o);
        assertNotEquals(0, expired.exitCode());
        assertTrue(expired.all().contains("CRL has expired"), expired.all());

        admin().contentType("application/json").body(Map.of("validity", "P7D"))
                .put("/api/v1/authorities/expired/crl").then().statusCode(200).body("crl.servesExpiredCrl", equalTo(false));
        crlText(o, "expired", "intermediate");
        assertEquals(0, verify(o).exitCode(), verify(o).all());
        admin().contentType("application/json").body(Map.of("validity", "-PT1H"))
                .put("/api/v1/authorities/expired/crl").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:invalid-validity"));
    }

    @Test
    void ocspAnswersGoodThenRevokedWithReasonAndUnknownForWhatItNeverIssued() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "ocsp", "rsa");
        String serial = sign("ocsp", o.csr("leaf", "rsa:2048", "/CN=imp.lab.test", "extendedKeyUsage = serverAuth"),
                "copy-extensions").path("serial");
        o.write("cert.pem", auditor().get("/api/v1/authorities/ocsp/certificates/" + serial).then().extract()
                .<String>path("certificate"));
        String url = base() + "/pki/ocsp/ocsp";
        var good = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-url", url, "-CAfile", "root.pem",
                "-resp_text");
        assertEquals(0, good.exitCode(), good.all());
        assertTrue(good.stdout().contains("cert.pem: good"), good.all());
        assertTrue(good.all().contains("Response verify OK"), good.all());
        assertTrue(good.stdout().contains("OCSP Nonce"), good.all()); // echoed: openssl checks it matches
        assertFalse(good.all().contains("WARNING: no nonce"), good.all());
        assertTrue(good.stdout().contains("Responder Id: O = ucfleet lab, CN = ucfleet Lab Issuing CA (ocsp)"), good.all());

        admin().contentType("application/json").body(Map.of("reason", "cessation-of-operation"))
                .post("/api/v1/authorities/ocsp/certificates/" + serial + "/revocation").then().statusCode(200);
        var revoked = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-url", url, "-CAfile", "root.pem",
                "-resp_text");
        assertTrue(revoked.stdout().contains("cert.pem: revoked"), revoked.all());
        assertTrue(revoked.stdout().contains("Reason: cessationOfOperation"), revoked.all());
        assertTrue(revoked.stdout().contains("Revocation Time:"), revoked.all());

        var unknown = o.openssl("ocsp", "-issuer", "inter.pem", "-serial", "0x1234ABCD", "-url", url, "-CAfile", "root.pem");
        assertTrue(unknown.stdout().contains("0x1234ABCD: unknown"), unknown.all());
        // the intermediate itself: the root answers for it
        var intermediate = o.openssl("ocsp", "-issuer", "root.pem", "-cert", "inter.pem", "-url", url, "-CAfile", "root.pem");
        assertTrue(intermediate.stdout().contains("inter.pem: good"), intermediate.all());
        assertTrue(intermediate.all().contains("Response verify OK"), intermediate.all());
    }

    @Test
    void ocspGetCarriesTheBase64RequestInThePath() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "ocspget", "ec");
        o.write("cert.pem", sign("ocspget", o.csr("leaf", "ec", "/CN=get.lab.test"), "public-ca").<String>path("certificate"));
        o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-no_nonce", "-reqout", "req.der").out();
        String encoded = Base64.getEncoder().encodeToString(o.bytes("req.der"));
        String urlEncoded = java.net.URLEncoder.encode(encoded, StandardCharsets.US_ASCII);
        var curl = o.run(List.of("curl", "-sS", "-o", "resp.der", "-w", "%{http_code} %{content_type}",
                base() + "/pki/ocspget/ocsp/" + urlEncoded));
        assertEquals("200 application/ocsp-response", curl.out());
        var read = o.openssl("ocsp", "-respin", "resp.der", "-issuer", "inter.pem", "-cert", "cert.pem", "-CAfile", "root.pem",
                "-resp_text");
        assertTrue(read.stdout().contains("cert.pem: good"), read.all());
        assertTrue(read.all().contains("Response verify OK"), read.all());
    }

    @Test
    void aSixSecondDelayMakesAFiveSecondClientFailAndAOneSecondDelayOnlyWaits() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "slow", "ec");
        o.write("cert.pem", sign("slow", o.csr("leaf", "ec", "/CN=slow.lab.test"), "public-ca").<String>path("certificate"));
        String url = base() + "/pki/slow/ocsp";
        try {
            admin().contentType("application/json").body(Map.of("delay", "PT6S")).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(200).body("delay", equalTo("PT6S"));
            var late = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-url", url, "-CAfile", "root.pem",
                    "-timeout", "5");
            assertNotEquals(0, late.exitCode(), late.all());
            assertFalse(late.stdout().contains("good"), late.all());
            // it gave up at its own 5 s limit (the answer would have come at 6 s); no upper bound: a busy machine adds to it
            assertTrue(late.millis() >= 4900, "gave up after " + late.millis() + " ms: " + late.all());

            admin().contentType("application/json").body(Map.of("delay", "PT6S")).put("/ucfleet/v1/faults/crl").then()
                    .statusCode(200);
            var crl = o.run(List.of("curl", "-sS", "--max-time", "5", "-o", "/dev/null", base() + "/pki/slow/intermediate.crl"));
            assertEquals(28, crl.exitCode(), crl.all()); // curl: operation timed out

            admin().contentType("application/json").body(Map.of("delay", "PT1S")).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(200);
            var waited = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-url", url, "-CAfile", "root.pem",
                    "-timeout", "5");
            assertTrue(waited.stdout().contains("cert.pem: good"), waited.all());
            assertTrue(waited.millis() >= 1000, waited.millis() + " ms");
            auditor().get("/ucfleet/v1/faults").then().body("find { it.endpoint == 'ocsp' }.hits", equalTo(1))
                    .body("find { it.endpoint == 'crl' }.delay", equalTo("PT6S"));
            admin().contentType("application/json").body(Map.of("delay", "PT10M")).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(400); // beyond max-fault-delay: no request waits forever
        } finally {
            admin().delete("/ucfleet/v1/faults").then().statusCode(204);
        }
        var fast = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-url", url, "-CAfile", "root.pem",
                "-timeout", "5");
        assertTrue(fast.stdout().contains("cert.pem: good"), fast.all());
        auditor().get("/ucfleet/v1/faults").then().body("size()", equalTo(0));
    }

    @Test
    void unreachableClosesTheConnectionWithoutAnAnswer() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "gone", "ec");
        o.write("cert.pem", sign("gone", o.csr("leaf", "ec", "/CN=gone.lab.test"), "public-ca").<String>path("certificate"));
        try {
            admin().contentType("application/json").body(Map.of("unreachable", true)).put("/ucfleet/v1/faults/crl").then()
                    .statusCode(200).body("unreachable", equalTo(true));
            var curl = o.run(List.of("curl", "-sS", "--max-time", "5", base() + "/pki/gone/intermediate.crl.pem"));
            assertEquals(52, curl.exitCode(), curl.all()); // curl: empty reply from server
            admin().contentType("application/json").body(Map.of("unreachable", true)).put("/ucfleet/v1/faults/ocsp").then()
                    .statusCode(200);
            var ocsp = o.openssl("ocsp", "-issuer", "inter.pem", "-cert", "cert.pem", "-url", base() + "/pki/gone/ocsp",
                    "-CAfile", "root.pem", "-timeout", "5");
            assertNotEquals(0, ocsp.exitCode(), ocsp.all());
            assertFalse(ocsp.stdout().contains("good"), ocsp.all());
            // the API is not affected
            auditor().get("/api/v1/authorities/gone").then().statusCode(200);
        } finally {
            admin().delete("/ucfleet/v1/faults/crl").then().statusCode(204);
            admin().delete("/ucfleet/v1/faults/ocsp").then().statusCode(204);
        }
        assertEquals(0, o.run(List.of("curl", "-sS", "-f", "-o", "/dev/null", base() + "/pki/gone/intermediate.crl.pem"))
                .exitCode());
    }

    @Test
    void badInputIsAClearProblemAndChangesNothing() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "strict", "ec");
        int before = auditor().get("/api/v1/authorities/strict/certificates").then().extract().path("total");
        String csr = o.csr("leaf", "ec", "/CN=strict.lab.test");

        problem(admin().contentType("application/json").body(Map.of("csr", "hello, CA"))
                .post("/api/v1/authorities/strict/certificates"), 400, "invalid-pem");
        problem(admin().contentType("application/json").body(Map.of("csr", o.read("leaf.key")))
                .post("/api/v1/authorities/strict/certificates"), 400, "invalid-csr")
                .body("detail", containsString("never send a private key")).body("detail", not(containsString("MII")));
        byte[] der = Base64.getMimeDecoder().decode(csr.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 1] ^= 0x01; // the last byte of the signature
        String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' })
                .encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
        problem(admin().contentType("application/json").body(Map.of("csr", tampered))
                .post("/api/v1/authorities/strict/certificates"), 400, "csr-signature-invalid")
                .body("detail", containsString("signature does not verify"));
        assertTrue(o.openssl("req", "-verify", "-noout", "-in", o.write("tampered.csr", tampered).toString()).all()
                .contains("verify failure"), "openssl agrees the tampered CSR does not verify");
        problem(admin().contentType("application/json").body(Map.of("csr", csr, "profile", "anything-goes"))
                .post("/api/v1/authorities/strict/certificates"), 400, "unknown-profile");
        problem(admin().contentType("application/json").body(Map.of("csr", csr, "validityDays", 0))
                .post("/api/v1/authorities/strict/certificates"), 400, "invalid-validity");
        problem(admin().contentType("application/json").body(Map.of("csr", csr, "validityDays", 1.5))
                .post("/api/v1/authorities/strict/certificates"), 400, "invalid-request");
        problem(admin().contentType("application/json").body(Map.of("csr", csr, "validity", 30))
                .post("/api/v1/authorities/strict/certificates"), 400, "invalid-request")
                .body("errors[0].field", equalTo("validity"));
        problem(admin().contentType("application/json").body(Map.of("csr", csr))
                .post("/api/v1/authorities/nosuch/certificates"), 404, "unknown-authority");
        problem(given().get("/pki/nosuch/intermediate.crl"), 404, "unknown-authority");
        problem(given().get("/pki/strict/passwords.txt"), 404, "file-not-found");
        problem(given().contentType("application/ocsp-request").body("GET /etc/passwd".getBytes(StandardCharsets.US_ASCII))
                .post("/pki/strict/ocsp"), 400, "invalid-ocsp-request");
        problem(given().contentType("application/json").body("{}").post("/pki/strict/ocsp"), 415, "unsupported-media-type");
        problem(given().get("/pki/strict/ocsp/@@notbase64@@"), 400, "invalid-ocsp-request");
        // an OCSP client that takes only OCSP responses gets RFC 6960's malformedRequest instead
        byte[] malformed = given().accept("application/ocsp-response").contentType("application/ocsp-request")
                .body(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }).post("/pki/strict/ocsp").then().statusCode(200)
                .contentType("application/ocsp-response").extract().asByteArray();
        o.write("malformed.der", malformed);
        assertTrue(o.openssl("ocsp", "-respin", "malformed.der", "-resp_text", "-noverify").all()
                .contains("malformedrequest (1)"));
        String huge = "A".repeat(200_000);
        problem(admin().contentType("application/json").body(Map.of("csr", huge))
                .post("/api/v1/authorities/strict/certificates"), 413, "payload-too-large");
        problem(admin().contentType("application/json").body(Map.of("name", "Not A Label"))
                .post("/api/v1/authorities"), 400, "invalid-request");
        problem(admin().contentType("application/json").body(Map.of("name", "strict")).post("/api/v1/authorities"), 409,
                "authority-exists");
        problem(admin().contentType("application/json").body(Map.of("name", "badkey", "keyType", "ec", "keySize", 521))
                .post("/api/v1/authorities"), 400, "invalid-key-size");
        problem(admin().contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/authorities/strict/certificates/ABCDEF/revocation"), 404, "certificate-not-found");
        assertEquals(before, (int) auditor().get("/api/v1/authorities/strict/certificates").then().extract().path("total"));
        auditor().get("/api/v1/authorities/badkey").then().statusCode(404);
    }

    @Test
    void changesNeedAdminListingsReadOnlyAndRevocationEndpointsNoLogin() {
        Openssl o = Openssl.inTemp();
        String csr = o.csr("leaf", "ec", "/CN=auth.lab.test");
        problem(given().get("/api/v1/authorities"), 401, "unauthorized").header("WWW-Authenticate",
                containsString("Basic"));
        problem(given().auth().preemptive().basic("admin", "wrong").get("/api/v1/authorities"), 401, "unauthorized");
        auditor().get("/api/v1/authorities").then().statusCode(200);
        problem(auditor().contentType("application/json").body(Map.of("csr", csr))
                .post("/api/v1/authorities/default/certificates"), 403, "forbidden");
        problem(auditor().contentType("application/json").body(Map.of("delay", "PT1S")).put("/ucfleet/v1/faults/ocsp"), 403,
                "forbidden");
        problem(given().contentType("application/json").body(Map.of("node", "http://127.0.0.1:1", "unit", "tomcat"))
                .post("/api/v1/enrollments"), 401, "unauthorized");
        given().get("/pki/default/root.crt").then().statusCode(200);
        given().get("/pki/default/chain.pem").then().statusCode(200).body(containsString("-----BEGIN CERTIFICATE-----"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theClockDatesCertificatesAndAPastValidityMakesAnExpiredOne() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "clock", "ec");
        String csr = o.csr("leaf", "ec", "/CN=clock.lab.test");
        try {
            admin().contentType("application/json").body(Map.of("offset", "P30D")).put("/ucfleet/v1/clock").then()
                    .statusCode(200).body("offset", equalTo("PT720H"));
            Instant notBefore = Instant.parse(sign("clock", csr, "public-ca").path("notBefore"));
            assertTrue(notBefore.isAfter(Instant.now().plus(29, ChronoUnit.DAYS)), notBefore.toString());
        } finally {
            admin().contentType("application/json").body(Map.of("offset", "PT0S")).put("/ucfleet/v1/clock").then()
                    .statusCode(200);
        }
        Instant start = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var expired = admin().contentType("application/json").body(Map.of("csr", csr, "notBefore", start.toString(),
                "notAfter", start.plus(10, ChronoUnit.DAYS).toString())).post("/api/v1/authorities/clock/certificates").then()
                .statusCode(201).extract();
        o.write("cert.pem", expired.<String>path("certificate"));
        crlText(o, "clock", "intermediate");
        var verdict = verify(o);
        assertNotEquals(0, verdict.exitCode());
        assertTrue(verdict.all().contains("certificate has expired"), verdict.all());
        auditor().get("/api/v1/authorities/clock/certificates?status=expired").then().body("total", equalTo(1))
                .body("items[0].serial", equalTo(expired.path("serial"))).body("items[0].certificate", nullValue());
    }

    @Test
    void resetIsAFirstStartAndASnapshotBringsTheCasAndTheirKeysBack() {
        Openssl o = Openssl.inTemp();
        hierarchy(o, "kept", "ec");
        String serial = sign("kept", o.csr("leaf", "ec", "/CN=kept.lab.test"), "public-ca").path("serial");
        String defaultRoot = auditor().get("/api/v1/authorities/default").then().extract().path("root.sha256");
        var snapshot = admin().get("/ucfleet/v1/snapshot").then().statusCode(200).body("service", equalTo("lab-ca"))
                .extract().asString();
        assertFalse(snapshot.contains("PRIVATE KEY"));
        problem(auditor().post("/ucfleet/v1/reset"), 403, "forbidden");

        admin().post("/ucfleet/v1/reset").then().statusCode(204);
        auditor().get("/api/v1/authorities").then().statusCode(200).body("name", equalTo(List.of("default")))
                .body("[0].root.sha256", not(equalTo(defaultRoot)));
        auditor().get("/api/v1/authorities/kept").then().statusCode(404);

        admin().contentType("application/json").body(snapshot).put("/ucfleet/v1/snapshot").then().statusCode(204);
        auditor().get("/api/v1/authorities/default").then().body("root.sha256", equalTo(defaultRoot));
        auditor().get("/api/v1/authorities/kept/certificates/" + serial).then().statusCode(200);
        // the restored keys sign: a new certificate chains to the restored intermediate
        o.write("cert.pem", sign("kept", o.csr("again", "ec", "/CN=again.lab.test"), "public-ca").<String>path("certificate"));
        crlText(o, "kept", "intermediate");
        assertEquals(0, verify(o).exitCode(), verify(o).all());
        problem(admin().contentType("application/json").body(snapshot.replace("\"service\":\"lab-ca\"",
                "\"service\":\"ctl-service\"")).put("/ucfleet/v1/snapshot"), 400, "invalid-request");
    }

    static final String ADMIN = "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\n"; // admin:admin-password

    /**
     * A chunked body past lab-ca's 16 MiB limit to the snapshot restore, as 17 MiB of "[" (Jackson,
     * reading the body as a stream, gave up at its nesting limit after a few KiB: a 400 with the
     * rest unread, the upload stalled until the idle timeout, 6 min) and as a snapshot whose string
     * goes on: 413 problem+json with the limit, at once; nothing restored. A body within the limit
     * that is no snapshot is a 400 naming it. And a JSON endpoint Jackson reads as a stream
     * ({@code PUT /ucfleet/v1/clock}), sent 5 MiB of "[": 400 at once (Quarkus REST reads the rest
     * of the body to its end and drops it; the connection is kept alive).
     */
    @Test
    void aChunkedBodyPastTheLimitIsAnsweredAtOnce() throws Exception {
        // a routed request guards the port-0 test server (platform's HttpGuard), as a fixed port is when it listens
        String before = admin().get("/ucfleet/v1/snapshot").then().statusCode(200).extract().asString();
        for (String[] body : new String[][] {{"/ucfleet/v1/snapshot", "", "["},
            {"/ucfleet/v1/snapshot", "{\"service\":\"lab-ca\",\"tables\":{\"x\":\"", "a"}, {"/ucfleet/v1/clock", "", "["}}) {
            boolean snapshot = body[0].endsWith("snapshot");
            try (java.net.Socket socket = io.ucfleet.platform.testing.OverHttps.tls()) { // the API is on HTTPS only
                socket.setSoTimeout(20_000);
                var upload = io.ucfleet.fleet.process.RawHttp.chunked(socket, "PUT " + body[0] + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\n" + ADMIN + "Transfer-Encoding: chunked\r\n", body[1], body[2],
                        snapshot ? 17 : 5);
                String answer = upload.answer();
                System.out.println("chunked " + (snapshot ? 17 : 5) + " MiB " + body[0] + " " + body[1] + body[2] + "... -> " + upload);
                if (snapshot) {
                    assertTrue(answer.startsWith("HTTP/1.1 413 ") && answer.contains("application/problem+json")
                            && answer.contains("\"limit\":16777216"), answer);
                } else {
                    assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.contains("application/problem+json"), answer);
                }
                assertTrue(upload.answered() > 0 && upload.answered() < 6, upload.toString());
            }
        }
        assertEquals(before, admin().get("/ucfleet/v1/snapshot").then().statusCode(200).extract().asString());
        problem(admin().contentType("application/json").body("[".repeat(5_000)).put("/ucfleet/v1/snapshot"), 400,
                "invalid-request").body("detail", containsString("snapshot"));
    }

    static io.restassured.response.ValidatableResponse problem(Response response, int status, String slug) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:" + slug)).body("status", equalTo(status))
                .body("instance", containsString("urn:uuid:"));
    }
}
