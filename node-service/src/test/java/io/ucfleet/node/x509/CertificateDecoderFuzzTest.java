package io.ucfleet.node.x509;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import io.ucfleet.node.testing.FuzzCorpus;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.platform.problem.DomainProblem;

/**
 * What admins upload (PEM, DER, PKCS#7: trust stores, CA-signed identities, CAPF verify, the CLI
 * paste), given anything: certificates every later rule can read, or a {@link DomainProblem}
 * saying what is wrong, never another exception (which the API would answer 500). Inputs: random
 * bytes, a real certificate and a PKCS#7 chain with bytes changed, cut or inserted, PEM around
 * random base64, and the corpus {@code fuzz/der}.
 */
class CertificateDecoderFuzzTest {
    static final byte[] CERT = TestCertificates.selfSignedCa("Fuzz Root").der();
    static final byte[] PKCS7 = pkcs7(CERT);

    static byte[] pkcs7(byte[] der) {
        try {
            var certs = new org.bouncycastle.cert.jcajce.JcaCertStore(List.of(new X509CertificateHolder(der)));
            var generator = new org.bouncycastle.cms.CMSSignedDataGenerator();
            generator.addCertificates(certs);
            return generator.generate(new org.bouncycastle.cms.CMSAbsentContent()).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoder, then what every upload reads next: the time rule, the key size, the facts shown. */
    static void decodeLikeAnUpload(byte[] body) {
        long start = System.nanoTime();
        try {
            List<X509CertificateHolder> certificates = CertificateDecoder.decodeAll(body);
            assertFalse(certificates.isEmpty());
            for (X509CertificateHolder certificate : certificates) {
                io.ucfleet.platform.x509.TimeEncoding.form(certificate.toASN1Structure());
                CertificateFacts facts = CertificateFacts.of(certificate);
                KeySizeRule.violation(facts);
                Fingerprint.sha256(CertificateFacts.encoded(certificate));
            }
        } catch (DomainProblem refused) {
            assertFalse(refused.detail().isBlank());
            assertFalse(refused.detail().contains("Exception"), refused.detail());
            assertTrue(refused.detail().length() < 1_000, refused.detail());
        } catch (RuntimeException e) {
            fail("an upload of " + body.length + " bytes threw " + e, e);
        } finally {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded time");
        }
    }

    @Example
    void theCorpusIsRefusedByNameAndRealCertificatesStillDecode() {
        FuzzCorpus.load("der").forEach((name, bytes) -> decodeLikeAnUpload(bytes));
        decodeLikeAnUpload(CERT);
        decodeLikeAnUpload(PKCS7);
        assertTrue(CertificateDecoder.decodeAll(PKCS7).size() == 1);
    }

    @Property
    void anyBytesDecodeOrAreRefused(@ForAll @Size(max = 3000) byte[] body) {
        decodeLikeAnUpload(body);
    }

    @Property
    void aMutatedCertificateOrChainDecodesOrIsRefused(@ForAll("mutations") byte[] body) {
        decodeLikeAnUpload(body);
    }

    @Property
    void anyPemDecodesOrIsRefused(@ForAll("pem") String pem) {
        decodeLikeAnUpload(pem.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<byte[]> base = Arbitraries.of(CERT, PKCS7);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, CERT.length - 1);
        Arbitrary<byte[]> flipped = Combinators.combine(base, at.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6)).as((b, positions, values) -> {
                    byte[] copy = b.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[Math.min(positions.get(i), copy.length - 1)] = values.get(i);
                    }
                    return copy;
                });
        Arbitrary<byte[]> cut = Combinators.combine(base, at).as((b, n) -> Arrays.copyOf(b, Math.min(n, b.length)));
        Arbitrary<byte[]> inserted = Combinators.combine(base, at, Arbitraries.bytes().array(byte[].class).ofMaxSize(16))
                .as((b, n, insert) -> {
                    int i = Math.min(n, b.length);
                    byte[] out = new byte[b.length + insert.length];
                    System.arraycopy(b, 0, out, 0, i);
                    System.arraycopy(insert, 0, out, i, insert.length);
                    System.arraycopy(b, i, out, i + insert.length, b.length - i);
                    return out;
                });
        return Arbitraries.oneOf(flipped, cut, inserted);
    }

    @Provide
    Arbitrary<String> pem() {
        Arbitrary<String> label = Arbitraries.of("CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "CMS", "CERTIFICATE REQUEST",
                "PRIVATE KEY", "X509 CRL", "", "CERTIFICATE\u0000");
        Arbitrary<String> body = Arbitraries.oneOf(mutations().map(b -> Base64.getMimeEncoder().encodeToString(b)),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r -")
                        .ofMaxLength(400));
        return Combinators.combine(label, body, label, Arbitraries.integers().between(1, 3)).as((begin, content, end, n) ->
                ("-----BEGIN " + begin + "-----\n" + content + "\n-----END " + end + "-----\n").repeat(n));
    }
}
