package io.ucfleet.node.capf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import io.ucfleet.node.testing.FuzzCorpus;
import io.ucfleet.platform.problem.DomainProblem;

/**
 * A phone's CSR as CAPF reads it (PEM or DER), then the LSC rules (CN=SEP&lt;MAC&gt;, key a CAPF
 * takes), given anything: a request the rules judge, or a {@link DomainProblem}, never another
 * exception. Inputs: random bytes, a real CSR mutated, PEM around random base64, the corpus
 * {@code fuzz/csr}.
 */
class CsrFuzzTest {
    static final byte[] CSR = csr("CN=SEP001122334455");

    static byte[] csr(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void enrollLikeCapf(byte[] body) {
        long start = System.nanoTime();
        try {
            PKCS10CertificationRequest csr = CapfEnrollment.csr(body);
            LscRequestRules.subject(csr.getSubject());
            LscRequestRules.key(csr.getSubjectPublicKeyInfo());
        } catch (DomainProblem refused) {
            assertFalse(refused.detail().isBlank());
            assertFalse(refused.detail().contains("Exception"), refused.detail());
        } catch (RuntimeException e) {
            fail("a CSR of " + (body == null ? 0 : body.length) + " bytes threw " + e, e);
        } finally {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded time");
        }
    }

    @Example
    void theCorpusIsRefusedByNameAndAPhonesCsrIsJudged() {
        FuzzCorpus.load("csr").forEach((name, bytes) -> enrollLikeCapf(bytes));
        enrollLikeCapf(CSR);
        enrollLikeCapf(new byte[0]);
        enrollLikeCapf(null);
        assertTrue(LscRequestRules.subject(new X500Name("CN=SEP001122334455")).isEmpty());
        assertTrue(LscRequestRules.subject(new X500Name("CN=SEP0011223344556")).isPresent());
    }

    @Property
    void anyBytesAreACsrOrRefused(@ForAll @Size(max = 2000) byte[] body) {
        enrollLikeCapf(body);
    }

    @Property
    void aMutatedCsrIsJudgedOrRefused(@ForAll("mutations") byte[] body) {
        enrollLikeCapf(body);
    }

    @Property
    void anyCsrPemIsReadOrRefused(@ForAll("mutations") byte[] der, @ForAll("labels") String label) {
        enrollLikeCapf(("-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
                + label + "-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Property
    void anySubjectIsJudgedByTheDeviceNameRule(@ForAll("subjects") String cn) {
        X500Name name;
        try {
            name = new X500Name("CN=" + cn);
        } catch (IllegalArgumentException notAName) {
            return; // X500Name's own parser refusing the test's string; not CAPF's input
        }
        LscRequestRules.subject(name);
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMaxLength(20),
                Arbitraries.strings().withCharRange('0', 'F').ofLength(12).map(s -> "SEP" + s));
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "CERTIFICATE", "PRIVATE KEY", "");
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, CSR.length - 1);
        Arbitrary<byte[]> flipped = Combinators.combine(at.list().ofMinSize(1).ofMaxSize(6), Arbitraries.bytes().list().ofSize(6))
                .as((positions, values) -> {
                    byte[] copy = CSR.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i)] = values.get(i);
                    }
                    return copy;
                });
        Arbitrary<byte[]> cut = at.map(n -> Arrays.copyOf(CSR, n));
        return Arbitraries.oneOf(flipped, cut);
    }
}
