package io.ucfleet.node.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;

import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.testing.TestCrls;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** Seed 004's CRL files: PEM for a manual upload, PEM/DER/ZIP/GZIP from a distribution point; malformed ones named. */
class CrlFileTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final TestCertificates.Issued CA = TestCertificates.selfSignedCa("crl file test CA");

    private static X509CRLHolder crl(long... serials) {
        return TestCrls.crl(CA, NOW.minus(1, ChronoUnit.HOURS), NOW.plus(7, ChronoUnit.DAYS), 7,
                Arrays.stream(serials).mapToObj(BigInteger::valueOf).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String invalidDetail(Runnable r) {
        DomainProblem p = assertThrows(DomainProblem.class, r::run);
        assertEquals(ProblemType.INVALID_CRL, p.type(), p.detail());
        return p.detail();
    }

    @Test
    void aPemUploadOfTwoCrlsGivesBothWithTheirFacts() {
        X509CRLHolder one = crl(1, 2, 3);
        X509CRLHolder two = TestCrls.crl(TestCertificates.selfSignedCa("other CA"), NOW, null, 1, List.of());
        List<X509CRLHolder> read = CrlFile.fromPemUpload(bytes(TestCrls.pem(one) + "some text between\n" + TestCrls.pem(two)));
        assertEquals(2, read.size());
        CrlFacts facts = CrlFacts.of(read.get(0));
        assertEquals(3, facts.entries());
        assertEquals("7", facts.crlNumber());
        assertEquals(NOW.minus(1, ChronoUnit.HOURS), facts.thisUpdate());
        assertTrue(facts.issuer().contains("crl file test CA"), facts.issuer());
        assertNull(CrlFacts.of(read.get(1)).nextUpdate());
        assertEquals(0, CrlFacts.of(read.get(1)).entries());
    }

    @Test
    void aManualUploadMustBePemAndSaysHowToConvertDer() {
        String detail = invalidDetail(() -> CrlFile.fromPemUpload(TestCrls.der(crl(1))));
        assertTrue(detail.contains("openssl crl -inform der"), detail);
    }

    @Test
    void aCertificateInACrlFileIsRefusedByName() {
        String detail = invalidDetail(() -> CrlFile.fromPemUpload(bytes(TestCrls.pem(crl(1)) + CA.pem())));
        assertTrue(detail.contains("Block 2") && detail.contains("a certificate"), detail);
    }

    @Test
    void emptyTruncatedAndGarbageCrlsAreRefusedNamingTheBlock() {
        invalidDetail(() -> CrlFile.fromPemUpload(bytes("  \n")));
        invalidDetail(() -> CrlFile.fromPemUpload(bytes("-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n")));
        byte[] der = TestCrls.der(crl(1, 2));
        String truncated = io.ucfleet.node.x509.Pem.encode("X509 CRL", Arrays.copyOf(der, der.length - 10));
        String detail = invalidDetail(() -> CrlFile.fromPemUpload(bytes(truncated)));
        assertTrue(detail.contains("block 1"), detail);
        byte[] trailing = Arrays.copyOf(der, der.length + 2);
        invalidDetail(() -> CrlFile.fromPemUpload(bytes(io.ucfleet.node.x509.Pem.encode("X509 CRL", trailing))));
        invalidDetail(() -> CrlFile.fromPemUpload(bytes("-----BEGIN X509 CRL-----\n!!!not base64!!!\n-----END X509 CRL-----\n")));
        invalidDetail(() -> CrlFile.fromPemUpload(bytes(io.ucfleet.node.x509.Pem.encode("X509 CRL", CA.der()))));
    }

    @Test
    void aDistributionPointMayServePemDerZipOrGzip() throws Exception {
        X509CRLHolder crl = crl(5);
        assertEquals(1, CrlFile.fromDistributionPoint(TestCrls.der(crl), 1 << 20).size());
        assertEquals(1, CrlFile.fromDistributionPoint(bytes(TestCrls.pem(crl)), 1 << 20).size());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TestCrls.der(crl));
        }
        assertEquals(1, CrlFile.fromDistributionPoint(gz.toByteArray(), 1 << 20).size());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("a.crl"));
            out.write(TestCrls.der(crl));
            out.putNextEntry(new ZipEntry("b.pem"));
            out.write(bytes(TestCrls.pem(crl(6, 7))));
        }
        List<X509CRLHolder> fromZip = CrlFile.fromDistributionPoint(zip.toByteArray(), 1 << 20);
        assertEquals(List.of(1, 2), fromZip.stream().map(c -> CrlFacts.of(c).entries()).toList());
    }

    @Test
    void anArchiveThatUnpacksBeyondTheLimitIsRefused() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(new byte[2 << 20]);
        }
        String detail = invalidDetail(() -> CrlFile.fromDistributionPoint(gz.toByteArray(), 1 << 20));
        assertTrue(detail.contains("more than"), detail);
        invalidDetail(() -> CrlFile.fromDistributionPoint(new byte[] {0x1f, (byte) 0x8b, 1, 2}, 1 << 20));
    }

    /** Seed size: a CRL of 100,000 entries is read and counted well within a request (figure printed for the report). */
    @Test
    void aCrlOfOneHundredThousandEntriesIsReadInOnePass() {
        List<BigInteger> serials = new ArrayList<>(100_000);
        for (int i = 1; i <= 100_000; i++) {
            serials.add(BigInteger.valueOf(i));
        }
        X509CRLHolder big = TestCrls.crl(CA, NOW, NOW.plus(1, ChronoUnit.DAYS), 42, serials, false);
        byte[] pem = bytes(TestCrls.pem(big));
        assertTrue(pem.length < 4_000_000, pem.length + " bytes");
        long start = System.nanoTime();
        List<X509CRLHolder> read = CrlFile.fromPemUpload(pem);
        CrlFacts facts = CrlFacts.of(read.get(0));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(100_000, facts.entries());
        System.out.printf("100,000-entry CRL (%d bytes PEM): decode and count %d ms%n", pem.length, millis);
        assertTrue(millis < 10_000, millis + " ms");
    }
}
