package io.ucfleet.node.crl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.testing.TestCrls;
import io.ucfleet.platform.problem.DomainProblem;

/**
 * What reaches an Expressway as a CRL (seed 004): a manual upload (PEM), a distribution
 * point's answer (PEM, DER, ZIP or GZIP), given anything: CRLs every later reader can use
 * (their facts as listed, a revocation check against them), or a {@link DomainProblem} naming
 * what is wrong, never another exception (the API would answer 500, a download would die).
 * Inputs: random bytes, a real CRL with bytes changed, cut or inserted (bare, as PEM, inside
 * GZIP and ZIP), archives with bytes changed, and CRLs whose entries are arbitrary ASN.1 but
 * that the CA signed, so the check reads past the signature into entries it cannot decode.
 */
class CrlFileFuzzTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final TestCertificates.Issued CA = TestCertificates.selfSignedCa("Fuzz CRL CA");
    static final TestCertificates.Issued LEAF = TestCertificates.issuedBy(CA, "fuzz-leaf.example.com", false, null);
    static final byte[] DER = TestCrls.der(TestCrls.crl(CA, NOW.minus(1, ChronoUnit.DAYS), NOW.plus(7, ChronoUnit.DAYS), 7,
            List.of(BigInteger.valueOf(5), BigInteger.valueOf(77), LEAF.certificate().getSerialNumber())));
    static final int LIMIT = 1_000_000;
    /** Mutated inputs that still decoded and went on to the check: the fuzzing reaches past the decoder. */
    static final AtomicInteger MUTATED = new AtomicInteger();
    static final AtomicInteger MUTATED_DECODED = new AtomicInteger();

    /** The reading, then what the node does with a loaded CRL: its facts as listed, and a revocation check of a leaf. */
    static boolean readLikeTheNode(Supplier<List<X509CRLHolder>> read) {
        long start = System.nanoTime();
        try {
            List<X509CRLHolder> crls = read.get();
            assertFalse(crls.isEmpty());
            for (X509CRLHolder crl : crls) {
                CrlFacts facts = CrlFacts.of(crl);
                facts.expiredAt(NOW);
                for (RevocationCheck.Purpose purpose : RevocationCheck.Purpose.values()) {
                    RevocationCheck.Status status = RevocationCheck.check(LEAF.certificate(),
                            List.of(new RevocationCheck.Loaded(CrlSource.AUTOMATIC, crl),
                                    new RevocationCheck.Loaded(CrlSource.MANUAL, crl),
                                    new RevocationCheck.Loaded(CrlSource.TRUSTED_CA_FILE, crl)),
                            List.of(CA.certificate()), purpose, NOW);
                    assertFalse(status.detail().isBlank());
                }
            }
            return true;
        } catch (DomainProblem refused) {
            assertFalse(refused.detail().isBlank());
            assertFalse(refused.detail().contains("Exception"), refused.detail());
            assertTrue(refused.detail().length() < 1_000, refused.detail());
            return false;
        } catch (RuntimeException e) {
            fail("a CRL input threw " + e, e);
            return false;
        } finally {
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "bounded time");
        }
    }

    static void mutated(Supplier<List<X509CRLHolder>> read) {
        MUTATED.incrementAndGet();
        if (readLikeTheNode(read)) {
            MUTATED_DECODED.incrementAndGet();
        }
    }

    @AfterContainer
    static void enoughMutationsGotPastTheDecoder() {
        assertTrue(MUTATED.get() == 0 || MUTATED_DECODED.get() * 20 >= MUTATED.get(),
                MUTATED_DECODED + " of " + MUTATED + " mutated CRLs decoded: the mutations no longer reach the check");
    }

    @Example
    void aRealCrlIsReadEveryWayItMayArrive() throws IOException {
        assertTrue(readLikeTheNode(() -> CrlFile.fromDistributionPoint(DER, LIMIT)));
        assertTrue(readLikeTheNode(() -> CrlFile.fromPemUpload(pem(DER))));
        assertTrue(readLikeTheNode(() -> CrlFile.fromDistributionPoint(gzip(DER), LIMIT)));
        assertTrue(readLikeTheNode(() -> CrlFile.fromDistributionPoint(zip(DER), LIMIT)));
        assertTrue(RevocationCheck.check(LEAF.certificate(), List.of(new RevocationCheck.Loaded(CrlSource.MANUAL,
                CrlFile.fromDistributionPoint(DER, LIMIT).get(0))), List.of(CA.certificate()), RevocationCheck.Purpose.TLS,
                NOW).revoked(), "the leaf is on the CRL");
    }

    /** The corpus {@code fuzz/crl-file}: each file refused by name, as a download and as a PEM upload; none loads. */
    @Example
    void theCorpusIsRefusedByName() {
        var corpus = io.ucfleet.node.testing.FuzzCorpus.load("crl-file");
        assertTrue(corpus.size() >= 5, corpus.keySet().toString());
        corpus.forEach((name, bytes) -> {
            assertFalse(readLikeTheNode(() -> CrlFile.fromDistributionPoint(bytes, LIMIT)), name + " loaded");
            if (!name.endsWith(".zip")) {
                assertFalse(readLikeTheNode(() -> CrlFile.fromPemUpload(pem(bytes))), name + " loaded as PEM");
            }
        });
    }

    @Property
    void anyBytesUploadedAreReadOrRefused(@ForAll @Size(max = 3000) byte[] body) {
        readLikeTheNode(() -> CrlFile.fromPemUpload(body));
    }

    @Property
    void anyBytesFromADistributionPointAreReadOrRefused(@ForAll @Size(max = 3000) byte[] body) {
        readLikeTheNode(() -> CrlFile.fromDistributionPoint(body, LIMIT));
    }

    @Property
    void aMutatedCrlIsReadOrRefusedHoweverItArrives(@ForAll("mutations") byte[] der, @ForAll("wrappings") String wrapping) {
        mutated(switch (wrapping) {
            case "pem" -> () -> CrlFile.fromPemUpload(pem(der));
            case "gzip" -> () -> CrlFile.fromDistributionPoint(gzip(der), LIMIT);
            case "zip" -> () -> CrlFile.fromDistributionPoint(zip(der), LIMIT);
            default -> () -> CrlFile.fromDistributionPoint(der, LIMIT);
        });
    }

    @Property
    void aMutatedArchiveIsReadOrRefused(@ForAll("archives") byte[] archive) {
        readLikeTheNode(() -> CrlFile.fromDistributionPoint(archive, LIMIT));
    }

    @Property(tries = 300)
    void aSignedCrlWithUndecodableEntriesIsCheckedOrRefused(@ForAll("entries") List<byte[]> entries) {
        byte[] der = signedWithEntries(entries);
        MUTATED.incrementAndGet();
        if (readLikeTheNode(() -> CrlFile.fromDistributionPoint(der, LIMIT))) {
            MUTATED_DECODED.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<String> wrappings() {
        return Arbitraries.of("der", "pem", "gzip", "zip");
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, DER.length - 1);
        Arbitrary<byte[]> flipped = Combinators.combine(at.list().ofMinSize(1).ofMaxSize(4), Arbitraries.bytes().list().ofSize(4))
                .as((positions, values) -> {
                    byte[] copy = DER.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i)] = values.get(i);
                    }
                    return copy;
                });
        Arbitrary<byte[]> cut = at.map(n -> Arrays.copyOf(DER, n));
        Arbitrary<byte[]> inserted = Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMaxSize(16)).as((n, insert) -> {
            byte[] out = new byte[DER.length + insert.length];
            System.arraycopy(DER, 0, out, 0, n);
            System.arraycopy(insert, 0, out, n, insert.length);
            System.arraycopy(DER, n, out, n + insert.length, DER.length - n);
            return out;
        });
        // an unchanged CRL now and then keeps the guard's count of tries that reach the check honest
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, flipped), net.jqwik.api.Tuple.of(2, cut),
                net.jqwik.api.Tuple.of(2, inserted), net.jqwik.api.Tuple.of(1, Arbitraries.just(DER)));
    }

    @Provide
    Arbitrary<byte[]> archives() {
        return Combinators.combine(Arbitraries.of("gzip", "zip"), Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes().list().ofMinSize(1).ofMaxSize(4)).as((kind, seed, values) -> {
                    byte[] archive = kind.equals("gzip") ? gzip(DER) : zip(DER);
                    for (int i = 0; i < values.size(); i++) {
                        archive[(seed * (i + 7)) % archive.length] = values.get(i);
                    }
                    return archive;
                });
    }

    /** Entries: a well-formed one, or arbitrary ASN.1 (a bare INTEGER, junk extensions, a reason that is no ENUMERATED). */
    @Provide
    Arbitrary<List<byte[]>> entries() {
        Arbitrary<byte[]> good = Arbitraries.longs().between(1, Long.MAX_VALUE).map(serial -> entry(new ASN1Integer(serial),
                new Time(java.util.Date.from(NOW)), null));
        Arbitrary<byte[]> junkReason = Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(value -> entry(
                new ASN1Integer(LEAF.certificate().getSerialNumber()), new Time(java.util.Date.from(NOW)),
                new DERSequence(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {Extension.reasonCode,
                        new DEROctetString(value)}))));
        Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(24).map(bytes -> {
            try {
                return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new DEROctetString(bytes)}).getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Arbitrary<byte[]> bareInteger = Arbitraries.longs().map(n -> {
            try {
                return new ASN1Integer(n).getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Arbitrary<byte[]> badTime = Arbitraries.strings().withChars("0123456789Z+-").ofMaxLength(16).map(t -> {
            try {
                return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(3), new DERUTCTime(t)})
                        .getEncoded();
            } catch (Exception e) {
                return new byte[] {0x30, 0x00};
            }
        });
        return Arbitraries.oneOf(good, junkReason, junk, bareInteger, badTime).list().ofMinSize(1).ofMaxSize(6);
    }

    static byte[] entry(ASN1Integer serial, Time when, DERSequence extensions) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(serial);
        v.add(when);
        if (extensions != null) {
            v.add(extensions); // Extensions: SEQUENCE OF Extension
        }
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A v2 CRL of the CA holding {@code entries} byte for byte (each a DER element, put in
     * unparsed: BouncyCastle would refuse to re-encode some), signed by the CA.
     */
    static byte[] signedWithEntries(List<byte[]> entries) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(CA.keyPair().getPrivate());
            byte[] tbs = sequence(new ASN1Integer(1).getEncoded(), signer.getAlgorithmIdentifier().getEncoded(),
                    CA.certificate().getSubject().getEncoded(), new Time(java.util.Date.from(NOW.minus(1, ChronoUnit.HOURS)))
                            .getEncoded(), new Time(java.util.Date.from(NOW.plus(7, ChronoUnit.DAYS))).getEncoded(),
                    sequence(entries.toArray(byte[][]::new)));
            signer.getOutputStream().write(tbs);
            return sequence(tbs, signer.getAlgorithmIdentifier().getEncoded(), new DERBitString(signer.getSignature()).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DER SEQUENCE of already encoded elements. */
    static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] e : elements) {
            content.writeBytes(e);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        if (n < 128) {
            out.write(n);
        } else {
            byte[] length = BigInteger.valueOf(n).toByteArray();
            int skip = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    static byte[] pem(byte[] der) {
        return ("-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END X509 CRL-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static byte[] zip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("ca.crl"));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
