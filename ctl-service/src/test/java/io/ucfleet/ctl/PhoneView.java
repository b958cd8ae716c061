package io.ucfleet.ctl;

import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a phone does with a CTL/ITL, written here from ctl-format.md without the service's
 * parser: walk the elements, find the SAST record whose serial is the header's, and check the
 * RSA signature over the file without its SIGNATURE element with the JDK.
 */
public final class PhoneView {
    public record Record(int length, int role, byte[] serial, byte[] certificateDer) {
        public X509Certificate certificate() {
            try {
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(certificateDer));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    public final byte[] file;
    public final int headerLength;
    public final int digest;
    public final byte[] signerSerial;
    public final int signatureOffset;
    public final byte[] signature;
    public final List<Record> records = new ArrayList<>();

    public PhoneView(byte[] file) {
        this.file = file;
        headerLength = u16(5 + 3);
        int pos = 10;
        int digestCode = -1;
        byte[] serial = null;
        int sigOffset = -1;
        byte[] sig = null;
        while (pos < headerLength) {
            int tag = file[pos] & 0xFF;
            if (tag == 0x0D) {
                pos++;
                continue;
            }
            int len = u16(pos + 1);
            byte[] value = Arrays.copyOfRange(file, pos + 3, pos + 3 + len);
            switch (tag) {
                case 3, 7, 9 -> {
                    pos += 3;
                    continue;
                }
                case 5 -> serial = value;
                case 8 -> digestCode = value[0];
                case 12 -> {
                    sigOffset = pos;
                    sig = value;
                }
                default -> {
                }
            }
            pos += 3 + len;
        }
        digest = digestCode;
        signerSerial = serial;
        signatureOffset = sigOffset;
        signature = sig;
        pos = headerLength;
        while (pos < file.length) {
            int length = u16(pos + 3);
            int role = -1;
            byte[] recordSerial = null;
            byte[] der = null;
            int p = pos + 5;
            while (p < pos + length) {
                int tag = file[p] & 0xFF;
                int len = u16(p + 1);
                byte[] value = Arrays.copyOfRange(file, p + 3, p + 3 + len);
                if (tag == 4) {
                    role = ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
                } else if (tag == 6) {
                    recordSerial = value;
                } else if (tag == 9) {
                    der = value;
                }
                p += 3 + len;
            }
            records.add(new Record(length, role, recordSerial, der));
            pos += length;
        }
    }

    private int u16(int offset) {
        return ((file[offset] & 0xFF) << 8) | (file[offset + 1] & 0xFF);
    }

    /** The SAST record that signed (serial match), as a phone picks it. */
    public Record signerRecord() {
        return records.stream().filter(r -> r.role() == 0 && Arrays.equals(r.serial(), signerSerial)).findFirst()
                .orElseThrow(() -> new AssertionError("no SAST record with the signer's serial"));
    }

    public boolean verifiesWith(X509Certificate certificate) {
        try {
            byte[] signed = new byte[file.length - 3 - signature.length];
            System.arraycopy(file, 0, signed, 0, signatureOffset);
            System.arraycopy(file, signatureOffset + 3 + signature.length, signed, signatureOffset,
                    file.length - signatureOffset - 3 - signature.length);
            Signature jdk = Signature.getInstance(digest == 1 ? "SHA1withRSA" : "SHA512withRSA");
            jdk.initVerify(certificate.getPublicKey());
            jdk.update(signed);
            return jdk.verify(signature);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
