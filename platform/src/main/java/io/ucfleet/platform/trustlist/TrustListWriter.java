package io.ucfleet.platform.trustlist;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes CTL/ITL files strictly in Cisco's layout (ctl-format.md §1): header tags 1, 2,
 * 3{4,5,6}, 7{8,9{10,11}}, 12, 14, 15, 0x0D padding to a multiple of 4; record tags 1..10 in
 * numeric order. The signature covers the whole file without the SIGNATURE element; the
 * signing itself is delegated, so the private key can stay on its node.
 */
public final class TrustListWriter {
    private TrustListWriter() {
    }

    /**
     * One record: a certificate in a role, with the DNS name and IPv4 address Cisco writes beside
     * it. Without a certificate the record holds only DNS name, role and address, as Cisco's CTL
     * keeps CCM+TFTP records after the cluster goes back to non-secure mode (ctl-format.md §1.4).
     */
    public record Entry(Role role, CertificateFields certificate, String dnsName, Inet4Address ip) {
    }

    /** Signs the given bytes with the signer's private key, RSA PKCS#1 v1.5 with the given hash. */
    @FunctionalInterface
    public interface Signer {
        byte[] sign(byte[] data, DigestAlgorithm digest);
    }

    public static byte[] write(String fileName, Instant timestamp, CertificateFields signer, DigestAlgorithm digest,
            List<Entry> entries, Signer signing) {
        int signatureLength = signatureLength(signer);
        byte[] placeholder = new byte[signatureLength];
        Out header = new Out();
        header.element(Tags.H_VERSION, new byte[] {1, 2});
        header.element(Tags.H_HEADER_LENGTH, new byte[2]); // patched below
        Out signerId = new Out();
        signerId.element(Tags.H_SIGNER_NAME, text(signer.subject()));
        signerId.element(Tags.H_SERIAL_NUMBER, signer.serial());
        signerId.element(Tags.H_CA_NAME, text(signer.issuer()));
        header.element(Tags.H_SIGNER_ID, signerId.bytes());
        Out algorithm = new Out();
        algorithm.element(Tags.H_SIGNATURE_ALGORITHM, new byte[] {0});
        algorithm.element(Tags.H_SIGNATURE_MODULUS, new byte[] {(byte) modulusCode(signatureLength)});
        Out info = new Out();
        info.element(Tags.H_DIGEST_ALGORITHM, new byte[] {(byte) digest.code});
        info.element(Tags.H_SIGNATURE_ALGO_INFO, algorithm.bytes());
        header.element(Tags.H_SIGNATURE_INFO, info.bytes());
        int signatureOffset = header.size();
        header.element(Tags.H_SIGNATURE, placeholder);
        header.element(Tags.H_FILENAME, text(fileName));
        header.element(Tags.H_TIMESTAMP, uint32(timestamp.getEpochSecond()));
        while (header.size() % 4 != 0) {
            header.write(Tags.H_PADDING);
        }
        byte[] headerBytes = header.bytes();
        if (headerBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("the header is over 64 KiB");
        }
        headerBytes[8] = (byte) (headerBytes.length >> 8);
        headerBytes[9] = (byte) headerBytes.length;

        Out file = new Out();
        file.write(headerBytes);
        for (Entry entry : entries) {
            file.write(record(entry));
        }
        byte[] bytes = file.bytes();
        int valueOffset = signatureOffset + 3;
        byte[] signature = signing.sign(withoutElement(bytes, signatureOffset, 3 + signatureLength), digest);
        if (signature.length != signatureLength) {
            throw new IllegalStateException("the signer returned " + signature.length + " bytes, expected "
                    + signatureLength + " for a " + signer.keyBits() + "-bit key");
        }
        System.arraycopy(signature, 0, bytes, valueOffset, signatureLength);
        return bytes;
    }

    /** The signed data: the file without the SIGNATURE element (ctl-format.md §1.6). */
    public static byte[] withoutElement(byte[] file, int offset, int length) {
        byte[] data = new byte[file.length - length];
        System.arraycopy(file, 0, data, 0, offset);
        System.arraycopy(file, offset + length, data, offset, file.length - offset - length);
        return data;
    }

    public static byte[] record(Entry entry) {
        CertificateFields c = entry.certificate();
        Out body = new Out();
        body.element(Tags.R_DNS_NAME, text(entry.dnsName() == null ? "" : entry.dnsName()));
        byte[] function = {(byte) (entry.role().code >> 8), (byte) entry.role().code};
        if (c == null) {
            body.element(Tags.R_FUNCTION, function);
        } else {
            body.element(Tags.R_SUBJECT_NAME, text(c.subject()));
            body.element(Tags.R_FUNCTION, function);
            body.element(Tags.R_ISSUER_NAME, text(c.issuer()));
            body.element(Tags.R_SERIAL_NUMBER, c.serial());
            body.element(Tags.R_PUBLIC_KEY, c.publicKey());
            body.element(Tags.R_SIGNATURE, c.signature());
            body.element(Tags.R_CERTIFICATE, c.der());
        }
        // Cisco always writes an address; 0.0.0.0 when a node has no IPv4 one.
        body.element(Tags.R_IP_ADDRESS, entry.ip() == null ? new byte[4] : entry.ip().getAddress());
        int length = 5 + body.size();
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("the record of " + (c == null ? entry.dnsName() : c.subject())
                    + " is over 64 KiB");
        }
        Out record = new Out();
        record.element(Tags.R_RECORD_LENGTH, new byte[] {(byte) (length >> 8), (byte) length});
        record.write(body.bytes());
        return record.bytes();
    }

    /** The RSA signature length of the signer's key; only the sizes that have a SIGNATUREMODULUS code. */
    public static int signatureLength(CertificateFields signer) {
        if (!(signer.certificate().getPublicKey() instanceof java.security.interfaces.RSAPublicKey)) {
            throw new IllegalArgumentException("the signer " + signer.subject() + " has no RSA key; CTL/ITL files are"
                    + " signed with RSA PKCS#1 v1.5 only");
        }
        int bytes = (signer.keyBits() + 7) / 8;
        modulusCode(bytes);
        return bytes;
    }

    /** Header tag 11: 0 = 512, 1 = 1024, 2 = 2048, 3 = 4096 bits (ctl-format.md §1.3). */
    public static int modulusCode(int signatureBytes) {
        return switch (signatureBytes) {
            case 64 -> 0;
            case 128 -> 1;
            case 256 -> 2;
            case 512 -> 3;
            default -> throw new IllegalArgumentException("a " + signatureBytes * 8 + "-bit signer key has no"
                    + " SIGNATUREMODULUS code; phones know 512, 1024, 2048 and 4096 bits");
        };
    }

    public static int signatureBytesOf(int modulusCode) {
        return switch (modulusCode) {
            case 0 -> 64;
            case 1 -> 128;
            case 2 -> 256;
            case 3 -> 512;
            default -> -1;
        };
    }

    /** ASCII/UTF-8 with the trailing NUL counted in the length. */
    public static byte[] text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    public static byte[] uint32(long value) {
        return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    private static final class Out extends ByteArrayOutputStream {
        void element(int tag, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("tag " + tag + " value over 64 KiB");
            }
            write(tag);
            write(value.length >> 8);
            write(value.length & 0xFF);
            write(value, 0, value.length);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        byte[] bytes() {
            return toByteArray();
        }
    }
}
