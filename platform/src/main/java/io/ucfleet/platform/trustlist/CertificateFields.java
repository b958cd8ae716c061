package io.ucfleet.platform.trustlist;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What a CTL record copies out of a certificate: Cisco-style names, raw serial, PKCS#1 public
 * key, the certificate's own signature value, and its fingerprints.
 */
public record CertificateFields(byte[] der, X509Certificate certificate, String subject, String issuer,
        byte[] serial, byte[] publicKey, byte[] signature) {

    /** Cisco's fixed text order regardless of the DER order (ctl-format.md §1.9). */
    private static final List<ASN1ObjectIdentifier> NAME_ORDER = List.of(BCStyle.CN, BCStyle.OU, BCStyle.O, BCStyle.L,
            BCStyle.ST, BCStyle.C);
    private static final List<String> NAME_LABELS = List.of("CN", "OU", "O", "L", "ST", "C");

    public static CertificateFields of(byte[] der) {
        X509Certificate certificate;
        Certificate asn1;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            asn1 = Certificate.getInstance(der);
        } catch (CertificateException | RuntimeException e) {
            // The cause stays for a log; the message is ours (the JDK's names its classes).
            throw new IllegalArgumentException("not a DER X.509 certificate", e);
        }
        if (der == null || !Arrays.equals(encoded(certificate), der)) {
            throw new IllegalArgumentException("trailing data after the DER certificate");
        }
        try {
            return new CertificateFields(der.clone(), certificate, ciscoName(asn1.getSubject()), ciscoName(asn1.getIssuer()),
                    unsignedSerial(asn1.getSerialNumber().getValue()), pkcs1PublicKey(asn1.getSubjectPublicKeyInfo()),
                    asn1.getSignature().getBytes());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a certificate whose names or key cannot be read", e);
        }
    }

    /** {@code CN=…;OU=…;O=…;L=…;ST=…;C=…}, no spaces, fixed order; other attributes follow in DER order. */
    public static String ciscoName(X500Name name) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < NAME_ORDER.size(); i++) {
            for (RDN rdn : name.getRDNs(NAME_ORDER.get(i))) {
                parts.add(NAME_LABELS.get(i) + "=" + IETFUtils.valueToString(rdn.getFirst().getValue()));
            }
        }
        for (RDN rdn : name.getRDNs()) {
            if (!NAME_ORDER.contains(rdn.getFirst().getType())) {
                parts.add(BCStyle.INSTANCE.oidToDisplayName(rdn.getFirst().getType()) + "="
                        + IETFUtils.valueToString(rdn.getFirst().getValue()));
            }
        }
        return String.join(";", parts);
    }

    /** The minimal unsigned magnitude: no DER sign byte (ctl-format.md §1.10). */
    public static byte[] unsignedSerial(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            return Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return bytes;
    }

    /** RSA: DER RSAPublicKey (PKCS#1), not SubjectPublicKeyInfo. EC: the X9.62 point. */
    public static byte[] pkcs1PublicKey(SubjectPublicKeyInfo info) {
        return info.getPublicKeyData().getBytes();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public String sha1Hex() {
        return digestHex("SHA-1", der);
    }

    public String sha256Hex() {
        return digestHex("SHA-256", der);
    }

    public int keyBits() {
        if (certificate.getPublicKey() instanceof java.security.interfaces.RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        return 0;
    }

    public static String digestHex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
