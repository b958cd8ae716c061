package io.ucfleet.ctl.tlv;

import io.ucfleet.platform.trustlist.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our writer against the format rules, byte by byte, read with a walker written here (not the
 * parser), and the signature checked with the JDK's own {@link Signature}.
 */
class TrustListWriterTest {
    static TestKeys recovery;
    static TestKeys callManager;
    static final Instant TIME = Instant.parse("2026-11-24T10:00:00Z");

    @BeforeAll
    static void keys() {
        recovery = TestKeys.selfSigned("C=US,ST=CA,L=SJ,O=ucfleet,OU=CTG,CN=ITLRECOVERY_pub.ucfleet.test", 2048, 0x80A1L);
        callManager = TestKeys.selfSigned("CN=pub.ucfleet.test,OU=VTG,O=ucfleet,L=SJ,ST=CA,C=US", 2048, 0x1234L);
    }

    static byte[] write(DigestAlgorithm digest) throws Exception {
        Inet4Address ip = (Inet4Address) InetAddress.getByName("10.0.0.7");
        return TrustListWriter.write("CTLFile.tlv", TIME, recovery.certificate(), digest,
                List.of(new TrustListWriter.Entry(Role.SAST, recovery.certificate(), "pub", ip),
                        new TrustListWriter.Entry(Role.CCM_TFTP, callManager.certificate(), "pub", ip)),
                recovery.signer());
    }

    record Tlv(int tag, int offset, int length, byte[] value) {
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    /** Walk the header: containers 3, 7, 9 are entered, 0x0D is a lone byte. */
    static List<Tlv> walkHeader(byte[] file, int headerLength) {
        List<Tlv> out = new ArrayList<>();
        int pos = 0;
        while (pos < headerLength) {
            int tag = file[pos] & 0xFF;
            if (tag == 0x0D) {
                out.add(new Tlv(tag, pos, 0, new byte[0]));
                pos++;
                continue;
            }
            int len = u16(file, pos + 1);
            boolean container = tag == 3 || tag == 7 || tag == 9;
            out.add(new Tlv(tag, pos, len, container ? new byte[0] : Arrays.copyOfRange(file, pos + 3, pos + 3 + len)));
            pos += container ? 3 : 3 + len;
        }
        assertEquals(headerLength, pos, "the header elements end exactly at header_length");
        return out;
    }

    @Test
    void headerIsCiscosLayoutPaddedToFour() throws Exception {
        byte[] file = write(DigestAlgorithm.SHA1);
        assertArrayEquals(new byte[] {1, 0, 2, 1, 2}, Arrays.copyOf(file, 5), "VERSION 1.2 first");
        assertEquals(2, file[5]);
        assertEquals(2, u16(file, 6));
        int headerLength = u16(file, 8);
        assertEquals(0, headerLength % 4, "header length is a multiple of 4");
        List<Tlv> header = walkHeader(file, headerLength);
        List<Integer> tags = header.stream().map(Tlv::tag).filter(t -> t != 0x0D).toList();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15), tags, "Cisco's header tag order");
        Tlv timestamp = header.stream().filter(t -> t.tag() == 15).findFirst().orElseThrow();
        int padStart = timestamp.offset() + 3 + 4;
        assertTrue(headerLength - padStart < 4, "at most 3 pad bytes");
        for (int i = padStart; i < headerLength; i++) {
            assertEquals(0x0D, file[i], "padding is 0x0D only");
        }
        Tlv signerId = header.get(2);
        int nested = header.stream().filter(t -> t.tag() >= 4 && t.tag() <= 6).mapToInt(t -> 3 + t.length()).sum();
        assertEquals(nested, signerId.length(), "SIGNERID counts its nested elements");
        assertEquals(15, header.stream().filter(t -> t.tag() == 7).findFirst().orElseThrow().length());
        assertEquals(8, header.stream().filter(t -> t.tag() == 9).findFirst().orElseThrow().length());
        assertArrayEquals(new byte[] {1}, value(header, 8), "SHA-1 = 1");
        assertArrayEquals(new byte[] {0}, value(header, 10), "RSA = 0");
        assertArrayEquals(new byte[] {2}, value(header, 11), "2048 bits = 2");
        assertEquals(256, value(header, 12).length);
        assertArrayEquals("CTLFile.tlv\0".getBytes(StandardCharsets.US_ASCII), value(header, 14), "NUL counted");
        assertEquals(12, header.stream().filter(t -> t.tag() == 14).findFirst().orElseThrow().length());
        assertArrayEquals(new byte[] {(byte) 0x6B, (byte) 0x05, (byte) 0x60, (byte) 0x20}, value(header, 15),
                "timestamp as big-endian epoch seconds");
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0xA1}, value(header, 5), "serial without the DER sign byte");
        assertEquals("CN=ITLRECOVERY_pub.ucfleet.test;OU=CTG;O=ucfleet;L=SJ;ST=CA;C=US\0",
                new String(value(header, 4), StandardCharsets.UTF_8), "Cisco name order regardless of DER order");
    }

    @Test
    void recordsCarryEveryFieldInTagOrder() throws Exception {
        byte[] file = write(DigestAlgorithm.SHA1);
        int pos = u16(file, 8);
        int index = 0;
        TestKeys[] expected = {recovery, callManager};
        int[] roles = {0, 2};
        while (pos < file.length) {
            assertEquals(1, file[pos]);
            assertEquals(2, u16(file, pos + 1));
            int length = u16(file, pos + 3);
            List<Tlv> elements = new ArrayList<>();
            int p = pos + 5;
            while (p < pos + length) {
                int len = u16(file, p + 1);
                elements.add(new Tlv(file[p] & 0xFF, p, len, Arrays.copyOfRange(file, p + 3, p + 3 + len)));
                p += 3 + len;
            }
            assertEquals(pos + length, p, "RECORDLENGTH counts the whole record including its own 5 bytes");
            assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), elements.stream().map(Tlv::tag).toList());
            CertificateFields c = expected[index].certificate();
            assertArrayEquals("pub\0".getBytes(StandardCharsets.US_ASCII), value(elements, 2));
            assertEquals(c.subject() + "\0", new String(value(elements, 3), StandardCharsets.UTF_8));
            assertArrayEquals(new byte[] {0, (byte) roles[index]}, value(elements, 4));
            assertEquals(c.issuer() + "\0", new String(value(elements, 5), StandardCharsets.UTF_8));
            RSAPublicKey key = (RSAPublicKey) c.certificate().getPublicKey();
            byte[] pkcs1 = new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent())
                    .getEncoded();
            assertArrayEquals(pkcs1, value(elements, 7), "PKCS#1 RSAPublicKey, not SubjectPublicKeyInfo");
            assertEquals(270, pkcs1.length);
            assertArrayEquals(c.certificate().getSignature(), value(elements, 8), "the certificate's own signature");
            assertArrayEquals(c.certificate().getEncoded(), value(elements, 9));
            assertArrayEquals(new byte[] {10, 0, 0, 7}, value(elements, 10));
            pos += length;
            index++;
        }
        assertEquals(2, index);
        assertEquals(file.length, pos, "file length = header length + record lengths, nothing after");
    }

    @Test
    void theSignatureCoversTheFileWithoutTheSignatureElementAndVerifiesWithTheJdk() throws Exception {
        for (DigestAlgorithm digest : DigestAlgorithm.values()) {
            byte[] file = write(digest);
            List<Tlv> header = walkHeader(file, u16(file, 8));
            Tlv sig = header.stream().filter(t -> t.tag() == 12).findFirst().orElseThrow();
            byte[] signed = new byte[file.length - 3 - sig.length()];
            System.arraycopy(file, 0, signed, 0, sig.offset());
            System.arraycopy(file, sig.offset() + 3 + sig.length(), signed, sig.offset(),
                    file.length - sig.offset() - 3 - sig.length());
            Signature jdk = Signature.getInstance(digest == DigestAlgorithm.SHA1 ? "SHA1withRSA" : "SHA512withRSA");
            jdk.initVerify(recovery.certificate().certificate().getPublicKey());
            jdk.update(signed);
            assertTrue(jdk.verify(sig.value()), digest + " signature verifies");
            assertArrayEquals(new byte[] {(byte) (digest == DigestAlgorithm.SHA1 ? 1 : 3)}, value(header, 8));

            signed[signed.length - 1] ^= 1;
            jdk.initVerify(recovery.certificate().certificate().getPublicKey());
            jdk.update(signed);
            assertFalse(jdk.verify(sig.value()), "one changed bit breaks it");
        }
    }

    @Test
    void roundTripsThroughTheDecoderAndVerifier() throws Exception {
        byte[] file = write(DigestAlgorithm.SHA512);
        TrustListFile parsed = TrustListFile.parse(file);
        var verification = TrustListVerifier.verify(parsed);
        assertTrue(verification.verified(), verification.message());
        assertEquals(1, verification.signerRecord().orElseThrow());
        String show = ShowTrustList.show(file, java.util.Optional.empty());
        assertTrue(show.contains("This etoken was used to sign the CTL file."), show);
        assertTrue(show.contains("CCM+TFTP"), show);

        byte[] tampered = file.clone();
        tampered[tampered.length - 1] ^= 1; // last byte of the IP address of the last record
        assertFalse(TrustListVerifier.verify(TrustListFile.parse(tampered)).verified());
    }

    @Test
    void aRecordWithoutCertificateIsCiscosNonSecureRecord() throws Exception {
        Inet4Address ip = (Inet4Address) InetAddress.getByName("10.48.47.153");
        byte[] record = TrustListWriter.record(new TrustListWriter.Entry(Role.CCM_TFTP, null, "ccm-sjcctg-1", ip));
        // Cisco's non-secure CTL (ctl-format.md §1.4, §1.11): tags 1, 2, 4, 10 only, 33 bytes for a 12-character name.
        assertEquals(33, record.length);
        assertEquals(33, u16(record, 3));
        assertArrayEquals(new byte[] {2, 0, 13}, Arrays.copyOfRange(record, 5, 8));
        assertArrayEquals(new byte[] {4, 0, 2, 0, 2, 10, 0, 4, 10, 48, 47, (byte) 153},
                Arrays.copyOfRange(record, 21, 33));
    }

    @Test
    void aSignerKeyWithoutModulusCodeIsRefused() {
        TestKeys odd = TestKeys.selfSigned("CN=odd", 3072, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> TrustListWriter.write("CTLFile.tlv", TIME,
                odd.certificate(), DigestAlgorithm.SHA1, List.of(), odd.signer()));
        assertTrue(e.getMessage().contains("3072-bit"), e.getMessage());
    }

    static byte[] value(List<Tlv> elements, int tag) {
        return elements.stream().filter(t -> t.tag() == tag).findFirst().orElseThrow().value();
    }
}
