package io.ucfleet.node.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.TestCertificates;

class CertificateDecoderTest {
    private final TestCertificates.Issued a = TestCertificates.selfSignedCa("decoder A");
    private final TestCertificates.Issued b = TestCertificates.selfSignedCa("decoder B");

    @Test
    void readsConcatenatedPemWithTextBetweenBlocks() {
        String bundle = "subject=CN = decoder A\n" + a.pem() + "\n# comment\n" + b.pem();
        var certificates = CertificateDecoder.decodeAll(bundle.getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, certificates.size());
        assertEquals(a.certificate(), certificates.get(0));
    }

    /** Seed 001's XMPP identifier fields, as a CA (here openssl) puts them in cup-xmpp: shown as OpenSSL shows them. */
    @Test
    void xmppOtherNamesAreShownDecodedAsOpensslPrintsThem() throws Exception {
        var dir = Openssl.tempDir();
        String san = "subjectAltName=DNS:imp.example.com,otherName:1.3.6.1.5.5.7.8.5;UTF8:example.com,"
                + "otherName:1.3.6.1.5.5.7.8.7;IA5:_xmpp-client.example.com,otherName:1.2.3.4;UTF8:other";
        Openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                dir.resolve("k.pem").toString(), "-subj", "/CN=imp.example.com", "-addext", san, "-out", dir.resolve("c.pem").toString());
        String pem = java.nio.file.Files.readString(dir.resolve("c.pem"));
        var facts = CertificateFacts.of(CertificateDecoder.decodeAll(pem.getBytes(StandardCharsets.US_ASCII)).get(0));
        assertEquals(java.util.List.of("DNS:imp.example.com", "othername: XmppAddr::example.com",
                "othername: SRVName::_xmpp-client.example.com", "othername: 1.2.3.4::other"), facts.subjectAlternativeNames());
        String printed = Openssl.withInput(pem, "x509", "-noout", "-ext", "subjectAltName").out();
        assertTrue(printed.contains("othername: XmppAddr::example.com, othername: SRVName::_xmpp-client.example.com"), printed);
    }

    @Test
    void readsDer() {
        assertEquals(a.certificate(), CertificateDecoder.decodeAll(a.der()).get(0));
    }

    /** Seed 004: the VCS loads PEM only; the refusal says how to convert (appendix 3). */
    @Test
    void derIsRefusedWithTheConversionCommandWhereThePolicyLoadsPemOnly() {
        var policy = io.ucfleet.node.profile.CertificatePolicy.EXPRESSWAY;
        var refused = assertThrows(DomainProblem.class, () -> CertificateDecoder.decodeAll(a.der(), policy));
        assertEquals(ProblemType.DER_NOT_ACCEPTED, refused.type());
        assertTrue(refused.getMessage().contains("openssl x509 -inform der -in cert.der -out cert.pem"), refused.getMessage());
        assertEquals(a.certificate(), CertificateDecoder.decodeAll(a.pem().getBytes(StandardCharsets.US_ASCII), policy).get(0));
        assertEquals(a.certificate(), CertificateDecoder.decodeAll(a.der(),
                io.ucfleet.node.profile.CertificatePolicy.UNIFIED_CM).get(0));
        assertEquals(ProblemType.EMPTY_UPLOAD, assertThrows(DomainProblem.class,
                () -> CertificateDecoder.decodeAll(new byte[0], policy)).type(), "empty is empty, not DER");
    }

    @Test
    void readsPkcs7MadeByOpenssl() {
        var dir = Openssl.tempDir();
        var file = dir.resolve("bundle.pem");
        try {
            java.nio.file.Files.writeString(file, a.pem() + b.pem());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String p7 = Openssl.run("crl2pkcs7", "-nocrl", "-certfile", file.toString());
        assertEquals(2, CertificateDecoder.decodeAll(p7.getBytes(StandardCharsets.US_ASCII)).size());
        String p7der = dir.resolve("bundle.p7b").toString();
        Openssl.run("crl2pkcs7", "-nocrl", "-certfile", file.toString(), "-outform", "DER", "-out", p7der);
        try {
            assertEquals(2, CertificateDecoder.decodeAll(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(p7der))).size());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesTruncatedDerNamingTheProblem() {
        byte[] der = a.der();
        var problem = assertThrows(DomainProblem.class, () -> CertificateDecoder.decodeAll(Arrays.copyOf(der, der.length - 10)));
        assertEquals(ProblemType.INVALID_DER, problem.type());
        assertTrue(problem.detail().contains("truncated"), problem.detail());
    }

    @Test
    void refusesTrailingBytesAfterDer() {
        byte[] der = Arrays.copyOf(a.der(), a.der().length + 3);
        assertEquals(ProblemType.INVALID_DER, assertThrows(DomainProblem.class, () -> CertificateDecoder.decodeAll(der)).type());
    }

    @Test
    void refusesGarbagePem() {
        String garbage = "-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n";
        assertEquals(ProblemType.INVALID_PEM, assertThrows(DomainProblem.class,
                () -> CertificateDecoder.decodeAll(garbage.getBytes(StandardCharsets.US_ASCII))).type());
    }

    @Test
    void refusesACsrByName() {
        String csr = Openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", Openssl.tempDir().resolve("k.pem").toString(), "-subj", "/CN=csr");
        var problem = assertThrows(DomainProblem.class,
                () -> CertificateDecoder.decodeAll(csr.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ProblemType.NOT_A_CERTIFICATE, problem.type());
        assertTrue(problem.detail().contains("certificate signing request"), problem.detail());
    }

    @Test
    void refusesAPrivateKeyWithoutEchoingIt() {
        String key = Openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        var problem = assertThrows(DomainProblem.class,
                () -> CertificateDecoder.decodeAll((a.pem() + key).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ProblemType.NOT_A_CERTIFICATE, problem.type());
        String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(problem.detail().contains(body));
    }

    @Test
    void refusesAnEmptyBody() {
        assertEquals(ProblemType.EMPTY_UPLOAD, assertThrows(DomainProblem.class,
                () -> CertificateDecoder.decodeAll(" \n".getBytes(StandardCharsets.US_ASCII))).type());
    }
}
