package io.ucfleet.node.api;

import static io.restassured.RestAssured.given;
import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.anonymous;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.FuzzCorpus;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.TrustLists;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.trustlist.Role;
import io.ucfleet.platform.trustlist.TrustListWriter;

/**
 * The attacker's probe, finding by finding: each input once answered 5xx, was taken as {@code {}},
 * was signed or issued for; each is now a 4xx problem+json that names what is wrong and changes
 * nothing. The inputs are the fuzz corpus ({@code src/test/resources/fuzz}).
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class HostileInputTest {
    static final String REGENERATE = "/api/v1/identities/ipsec/regenerate";

    static RequestSpecification asCluster() {
        return given().auth().preemptive().basic("cluster", "cluster-password");
    }

    static String ipsec() {
        return asAdmin().get("/api/v1/identities/ipsec").then().statusCode(200).extract().path("fingerprints.sha256");
    }

    /** A long URL or huge headers (bench/http-campaign's bare 414/431): problem+json from the edge, nothing changed. */
    @Test
    void anOverLongRequestLineOrHeaderBlockIsAProblemNotABareStatus() {
        String before = ipsec();
        asAdmin().queryParam("q", "q".repeat(5000)).contentType("application/json").body("{}")
                .post("/api/v1/identities/ipsec/regenerate").then().statusCode(414).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("uri-too-long")).body("limit", org.hamcrest.Matchers.equalTo(4096));
        asAdmin().header("X-Padding", "p".repeat(20_000)).get("/api/v1/node").then().statusCode(431)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("headers-too-large"));
        asAdmin().queryParam("q", "q".repeat(3000)).get("/api/v1/node").then().statusCode(200);
        assertEquals(before, ipsec());
    }

    @Test
    void deepOrHugeCertmgrJsonIsA400ThatEchoesNoMegabyte() {
        Map<String, byte[]> json = FuzzCorpus.json();
        for (String name : List.of("nested-5000-arrays.json", "nested-5000-objects.json", "generated: key-900kb",
                "generated: value-900kb", "duplicate-key.json", "trailing.json", "number-1000-digits.json")) {
            var answer = asAdmin().body(json.get(name)).post("/platformcom/api/v1/certmgr/config/csr").then();
            answer.statusCode(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThanOrEqualTo(400),
                    org.hamcrest.Matchers.lessThan(500))).contentType(startsWith("application/problem+json"));
            assertTrue(answer.extract().asString().length() < 2_000, name + ": " + answer.extract().asString().length());
        }
        assertProblem(asAdmin().body(json.get("nested-5000-objects.json")).post("/platformcom/api/v1/certmgr/config/csr")
                .then().body("detail", containsString("nests deeper than")), 400, "invalid-request");
    }

    @Test
    void malformedDerAndPkcs7AreRefusedByNameEverywhereTheyAreUploaded() {
        for (var input : FuzzCorpus.load("der").entrySet()) {
            for (String path : List.of("/api/v1/capf/verify", "/api/v1/trust-stores/tomcat-trust/certificates",
                    "/api/v1/identities/tomcat/certificate")) {
                var answer = asAdmin().contentType("application/octet-stream").body(input.getValue()).post(path).then();
                answer.statusCode(400).contentType(startsWith("application/problem+json"))
                        .body("type", org.hamcrest.Matchers.oneOf("urn:ucfleet:problem:invalid-der",
                                "urn:ucfleet:problem:empty-upload", "urn:ucfleet:problem:not-a-certificate"))
                        .body("detail", org.hamcrest.Matchers.not(containsString("Exception")))
                        .body("detail", org.hamcrest.Matchers.not(containsString("for length")));
            }
        }
    }

    @Test
    void theNativeApiRefusesJunkBodiesNamingTheFieldAndRegeneratesNothing() {
        String before = ipsec();
        Map<String, byte[]> json = FuzzCorpus.json();
        Map<String, String> expected = Map.of(
                "duplicate-key.json", "Field \"keySize\" is given more than once.",
                "keysize-string.json", "Field \"keySize\" must be a whole number",
                "keysize-empty-string.json", "Field \"keySize\" must be a whole number",
                "keysize-nul.json", "Field \"keySize\" must be a whole number",
                "keysize-true.json", "Field \"keySize\" must be a whole number",
                "empty.json", "The request body is empty",
                "null.json", "The request body is JSON null",
                "bom.json", "The request body starts with a byte order mark",
                "utf16le.json", "The request body is not UTF-8",
                "utf16-bom.json", "The request body starts with a byte order mark");
        for (var e : expected.entrySet()) {
            assertProblem(asAdmin().contentType("application/json").body(json.get(e.getKey())).post(REGENERATE).then()
                    .body("detail", startsWith(e.getValue())), 400, "invalid-request");
        }
        for (String name : List.of("trailing.json", "raw-nul.json", "number-1000-digits.json", "nested-5000-arrays.json",
                "generated: key-900kb")) {
            assertProblem(asAdmin().contentType("application/json").body(json.get(name)).post(REGENERATE).then(), 400,
                    "invalid-request");
        }
        assertEquals(before, ipsec(), "no junk body regenerated the identity");
    }

    @Test
    void theCertmgrFacadeStaysLiberalWhereScriptsNeedIt() {
        // A BOM (Windows PowerShell's Out-File), keyLength as a string, no Content-Type: still a CSR.
        byte[] body = ("\uFEFF{\"service\":\"ipsec\",\"distribution\":\"this-server\",\"commonName\":\"cucm-pub.ucfleet.test\","
                + "\"keyLength\":\"2048\",\"unknownMember\":1}").getBytes(StandardCharsets.UTF_8);
        asAdmin().body(body).post("/platformcom/api/v1/certmgr/config/csr").then().statusCode(200)
                .body("csr", startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        asAdmin().delete("/api/v1/identities/ipsec/csr").then().statusCode(org.hamcrest.Matchers.oneOf(204, 404));
    }

    @Test
    void aPeerInstallWithoutABodyIsA400() {
        for (String body : List.of("", "null")) {
            assertProblem(asCluster().contentType("application/json").body(body).post("/api/v1/peer/identities/tomcat")
                    .then(), 400, "invalid-request");
        }
    }

    @Test
    void capfIssuesLscsOnlyForPhonesAndKeysACapfTakes() throws Exception {
        Path dir = Files.createTempDirectory("capf-hostile");
        Map<String, String[]> csrs = Map.of(
                "cn", new String[] {"rsa:2048", "/CN=attacker.example.com", "is not a phone's device name"},
                "rsa1024", new String[] {"rsa:1024", "/CN=SEP001122334455", "1024-bit RSA key"},
                "two-cns", new String[] {"rsa:2048", "/CN=SEP001122334455/CN=SEP001122334466", "more than one CN"});
        for (var e : csrs.entrySet()) {
            Path csr = dir.resolve(e.getKey() + ".csr");
            Openssl.run("req", "-new", "-newkey", e.getValue()[0], "-nodes", "-keyout", dir.resolve(e.getKey() + ".key")
                    .toString(), "-subj", e.getValue()[1], "-out", csr.toString());
            assertProblem(asAdmin().contentType("application/pkcs10").body(Files.readAllBytes(csr)).post("/api/v1/capf/enroll")
                    .then().body("detail", containsString(e.getValue()[2])), 400, "invalid-csr");
        }
    }

    @Test
    void everyBodyLimitIsOne413ProblemJson() throws Exception {
        byte[] overUploadLimit = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(overUploadLimit, (byte) 'a');
        for (String path : List.of("/platformcom/api/v1/certmgr/config/csr", "/api/v1/capf/enroll",
                "/api/v1/trust-stores/tomcat-trust/certificates")) {
            assertProblem(asAdmin().body(overUploadLimit).post(path).then().body("limit", equalTo(1048576)), 413,
                    "payload-too-large");
        }
        // Above the HTTP limit the edge answers before any resource (and before authentication), for any path.
        for (String path : List.of("/api/v1/trust-stores/tomcat-trust/certificates", "/no-such-path-" + System.nanoTime())) {
            String answer = raw("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("\"limit\":4194304"), answer);
        }
        String metrics = anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains("no-such-path-"), "an unmatched path is never a metric tag value");
        assertTrue(metrics.contains("uri=\"/{unmatched}\""), "refusals before routing count under /{unmatched}");
    }

    @Test
    void anHttp2RequestLineIsA400NotA5xx() throws Exception {
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "FOO/1.1")) {
            String answer = raw("GET /api/v1/node " + version + "\r\nHost: x\r\n\r\n");
            assertTrue(answer.contains(" 400 ") && answer.contains("application/problem+json")
                    && answer.contains("other than HTTP/1.0 or HTTP/1.1"), version + ": " + answer);
        }
    }

    @Test
    void theItlRecoveryKeySignsOnlyThisClustersTrustListsAndLogsEverySignature() throws Exception {
        X509Certificate recovery = certificate("ITLRecovery");
        CertificateFields signer = CertificateFields.of(recovery.getEncoded());
        List<TrustListWriter.Entry> entries = new ArrayList<>();
        entries.add(new TrustListWriter.Entry(Role.SAST, signer, "cucm-pub", TrustLists.loopback()));
        entries.add(new TrustListWriter.Entry(Role.CCM_TFTP, CertificateFields.of(certificate("CallManager").getEncoded()),
                "cucm-pub", TrustLists.loopback()));
        entries.add(new TrustListWriter.Entry(Role.CAPF, CertificateFields.of(certificate("CAPF").getEncoded()), "cucm-pub",
                TrustLists.loopback()));
        byte[] itl = TrustLists.unsigned("ITLFile.tlv", signer, DigestAlgorithm.SHA1, entries);

        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.ucfleet.node.signing.TrustListSigning");
        log.addHandler(capture);
        try {
            byte[] signature = asCluster().contentType("application/octet-stream").body(itl)
                    .post("/api/v1/signing/itl-recovery?digest=SHA-1").then().statusCode(200).extract().asByteArray();
            Signature jdk = Signature.getInstance("SHA1withRSA");
            jdk.initVerify(recovery.getPublicKey());
            jdk.update(itl);
            assertTrue(jdk.verify(signature));
        } finally {
            log.removeHandler(capture);
        }
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(itl));
        assertTrue(logged.stream().anyMatch(r -> r.getLevel().intValue() == java.util.logging.Level.INFO.intValue()
                && formatted(r).contains(sha256) && formatted(r).contains("cluster")), "an INFO line names the digest and the caller");

        // Any bytes: refused. The same list with a certificate of no node of this cluster: refused.
        assertProblem(asCluster().contentType("application/octet-stream").body("any bytes at all".getBytes())
                .post("/api/v1/signing/itl-recovery").then(), 400, "invalid-trust-list");
        entries.add(new TrustListWriter.Entry(Role.TVS, CertificateFields.of(foreignCertificate()), "evil",
                TrustLists.loopback()));
        assertProblem(asCluster().contentType("application/octet-stream")
                .body(TrustLists.unsigned("ITLFile.tlv", signer, DigestAlgorithm.SHA1, entries))
                .post("/api/v1/signing/itl-recovery").then(), 422, "trust-list-not-of-cluster");
        // The hash the header names must be the one asked for.
        assertProblem(asCluster().contentType("application/octet-stream").body(itl)
                .post("/api/v1/signing/itl-recovery?digest=SHA-512").then(), 400, "invalid-trust-list");
    }

    static String formatted(LogRecord r) {
        String message = r.getMessage();
        Object[] parameters = r.getParameters();
        if (parameters != null && parameters.length > 0) {
            try {
                return String.format(message, parameters);
            } catch (RuntimeException e) {
                return java.text.MessageFormat.format(message, parameters);
            }
        }
        return message;
    }

    static X509Certificate certificate(String unit) throws Exception {
        String pem = asAdmin().get("/api/v1/identities/" + unit).then().statusCode(200).extract().path("pem");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] foreignCertificate() throws Exception {
        Path dir = Files.createTempDirectory("foreign");
        Path cert = dir.resolve("foreign.pem");
        Openssl.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("k.pem").toString(), "-subj",
                "/CN=not-of-this-cluster", "-days", "30", "-out", cert.toString());
        String pem = Files.readString(cert);
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    /**
     * One request over a raw socket, as an attacker sends it; the answer's head and body. On the
     * plain HTTP port: the edge's limits answer there before the redirect to HTTPS does.
     */
    static String raw(String request) throws Exception {
        return io.ucfleet.fleet.process.RawHttp.exchange(io.ucfleet.platform.testing.OverHttps.plainPort(), request);
    }
}
