package io.ucfleet.node.expressway;

import java.io.IOException;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962NamedCurves;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * "View (decoded)", "Show all (decoded)" and the decode utility (seed 004, appendix 4: what
 * {@code openssl x509 -text -noout} prints), in OpenSSL 3's layout and names: version, serial,
 * algorithms, names ({@code CN = x, O = y}, in the certificate's order), validity, the public
 * key, the extensions the VCS's certificates carry, and the signature. An extension it has no
 * text for is named with its OID and left undecoded. Pure; public material only.
 */
public final class DecodedCertificate {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** OpenSSL's short and long names (crypto/objects/objects.txt) of what the node's certificates use. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"), Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"), Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.9", "street"), Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.17", "postalCode"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"), Map.entry("0.9.2342.19200300.100.1.1", "UID"),
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("1.2.840.113549.1.1.1", "rsaEncryption"), Map.entry("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"), Map.entry("1.2.840.113549.1.1.10", "rsassaPss"),
            Map.entry("1.2.840.10045.2.1", "id-ecPublicKey"), Map.entry("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
            Map.entry("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"), Map.entry("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"));
    private static final Map<ASN1ObjectIdentifier, String> EXTENSIONS = Map.ofEntries(
            Map.entry(Extension.basicConstraints, "X509v3 Basic Constraints"), Map.entry(Extension.keyUsage, "X509v3 Key Usage"),
            Map.entry(Extension.extendedKeyUsage, "X509v3 Extended Key Usage"),
            Map.entry(Extension.subjectAlternativeName, "X509v3 Subject Alternative Name"),
            Map.entry(Extension.subjectKeyIdentifier, "X509v3 Subject Key Identifier"),
            Map.entry(Extension.authorityKeyIdentifier, "X509v3 Authority Key Identifier"),
            Map.entry(Extension.cRLDistributionPoints, "X509v3 CRL Distribution Points"),
            Map.entry(Extension.authorityInfoAccess, "Authority Information Access"),
            Map.entry(Extension.certificatePolicies, "X509v3 Certificate Policies"));
    private static final Map<KeyPurposeId, String> PURPOSES = Map.of(
            KeyPurposeId.id_kp_serverAuth, "TLS Web Server Authentication",
            KeyPurposeId.id_kp_clientAuth, "TLS Web Client Authentication", KeyPurposeId.id_kp_codeSigning, "Code Signing",
            KeyPurposeId.id_kp_emailProtection, "E-mail Protection", KeyPurposeId.id_kp_timeStamping, "Time Stamping",
            KeyPurposeId.id_kp_OCSPSigning, "OCSP Signing", KeyPurposeId.id_kp_ipsecEndSystem, "IPSec End System");
    /** RFC 5280 bit order, OpenSSL's words. */
    private static final int[] KEY_USAGE_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
            KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign, KeyUsage.encipherOnly,
            KeyUsage.decipherOnly};
    private static final String[] KEY_USAGE_NAMES = {"Digital Signature", "Non Repudiation", "Key Encipherment",
            "Data Encipherment", "Key Agreement", "Certificate Sign", "CRL Sign", "Encipher Only", "Decipher Only"};

    private DecodedCertificate() {
    }

    public static List<String> lines(X509CertificateHolder certificate) {
        List<String> out = new ArrayList<>();
        out.add("Certificate:");
        out.add("    Data:");
        int version = certificate.getVersionNumber();
        out.add("        Version: " + version + " (0x" + Integer.toHexString(version - 1) + ")");
        serial(certificate.getSerialNumber(), out);
        out.add("        Signature Algorithm: " + name(certificate.getSignatureAlgorithm().getAlgorithm()));
        out.add("        Issuer: " + name(certificate.getIssuer()));
        out.add("        Validity");
        out.add("            Not Before: " + time(certificate.getNotBefore()));
        out.add("            Not After : " + time(certificate.getNotAfter()));
        out.add("        Subject: " + name(certificate.getSubject()));
        out.add("        Subject Public Key Info:");
        publicKey(certificate.getSubjectPublicKeyInfo(), out);
        if (certificate.getExtensions() != null) {
            out.add("        X509v3 extensions:");
            for (ASN1ObjectIdentifier oid : certificate.getExtensions().getExtensionOIDs()) {
                extension(certificate.getExtensions().getExtension(oid), out);
            }
        }
        out.add("    Signature Algorithm: " + name(certificate.getSignatureAlgorithm().getAlgorithm()));
        out.add("    Signature Value:");
        hexLines(certificate.getSignature(), 18, "        ", out);
        return out;
    }

    public static String text(X509CertificateHolder certificate) {
        return String.join("\n", lines(certificate)) + "\n";
    }

    /** OpenSSL prints a serial of up to 8 octets as a number, a longer one as hex octets on the next line. */
    private static void serial(BigInteger serial, List<String> out) {
        byte[] magnitude = serial.abs().toByteArray();
        if (magnitude.length > 1 && magnitude[0] == 0) {
            magnitude = java.util.Arrays.copyOfRange(magnitude, 1, magnitude.length);
        }
        if (magnitude.length <= 8 && serial.bitLength() < 64) {
            out.add("        Serial Number: " + serial + " (" + (serial.signum() < 0 ? "-" : "") + "0x" + serial.abs().toString(16) + ")");
        } else {
            out.add("        Serial Number:" + (serial.signum() < 0 ? " (Negative)" : ""));
            out.add("            " + colons(magnitude, false));
        }
    }

    private static void publicKey(SubjectPublicKeyInfo spki, List<String> out) {
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        out.add("            Public Key Algorithm: " + name(algorithm));
        try {
            if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
                RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
                out.add("                Public-Key: (" + rsa.getModulus().bitLength() + " bit)");
                out.add("                Modulus:");
                hexLines(rsa.getModulus().toByteArray(), 15, "                    ", out);
                out.add("                Exponent: " + rsa.getPublicExponent() + " (0x" + rsa.getPublicExponent().toString(16) + ")");
            } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)
                    && spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) {
                var parameters = X962NamedCurves.getByOID(curve) != null ? X962NamedCurves.getByOID(curve) : SECNamedCurves.getByOID(curve);
                out.add("                Public-Key: (" + (parameters == null ? 0 : parameters.getCurve().getFieldSize()) + " bit)");
                out.add("                pub:");
                hexLines(spki.getPublicKeyData().getBytes(), 15, "                    ", out);
                String asn1 = X962NamedCurves.getName(curve) != null ? X962NamedCurves.getName(curve) : SECNamedCurves.getName(curve);
                out.add("                ASN1 OID: " + (asn1 == null ? curve.getId() : asn1));
                if (NISTNamedCurves.getName(curve) != null) {
                    out.add("                NIST CURVE: " + NISTNamedCurves.getName(curve));
                }
            }
        } catch (IOException | RuntimeException e) {
            out.add("                Unable to load Public Key");
        }
    }

    private static void extension(Extension extension, List<String> out) {
        ASN1ObjectIdentifier oid = extension.getExtnId();
        out.add("            " + EXTENSIONS.getOrDefault(oid, oid.getId()) + ":" + (extension.isCritical() ? " critical" : " "));
        String indent = "                ";
        try {
            ASN1Encodable value = extension.getParsedValue();
            if (oid.equals(Extension.basicConstraints)) {
                BasicConstraints bc = BasicConstraints.getInstance(value);
                out.add(indent + (bc.isCA() ? "CA:TRUE" : "CA:FALSE") + (bc.getPathLenConstraint() == null ? ""
                        : ", pathlen:" + bc.getPathLenConstraint()));
            } else if (oid.equals(Extension.keyUsage)) {
                KeyUsage usage = KeyUsage.getInstance(value);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < KEY_USAGE_BITS.length; i++) {
                    if (usage.hasUsages(KEY_USAGE_BITS[i])) {
                        names.add(KEY_USAGE_NAMES[i]);
                    }
                }
                out.add(indent + String.join(", ", names));
            } else if (oid.equals(Extension.extendedKeyUsage)) {
                out.add(indent + String.join(", ", java.util.Arrays.stream(ExtendedKeyUsage.getInstance(value).getUsages())
                        .map(p -> PURPOSES.getOrDefault(p, p.getId())).toList()));
            } else if (oid.equals(Extension.subjectAlternativeName)) {
                out.add(indent + String.join(", ", java.util.Arrays.stream(GeneralNames.getInstance(value).getNames())
                        .map(DecodedCertificate::generalName).toList()));
            } else if (oid.equals(Extension.subjectKeyIdentifier)) {
                out.add(indent + colons(SubjectKeyIdentifier.getInstance(value).getKeyIdentifier(), true));
            } else if (oid.equals(Extension.authorityKeyIdentifier)) {
                byte[] keyId = AuthorityKeyIdentifier.getInstance(value).getKeyIdentifier();
                if (keyId != null) {
                    out.add(indent + colons(keyId, true));
                }
            } else {
                out.add(indent + "(not decoded; " + ASN1OctetString.getInstance(extension.getExtnValue()).getOctets().length
                        + " bytes)");
            }
        } catch (RuntimeException e) {
            out.add(indent + "(malformed)");
        }
    }

    private static String generalName(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + DERIA5String.getInstance(name.getName()).getString();
            case GeneralName.rfc822Name -> "email:" + DERIA5String.getInstance(name.getName()).getString();
            case GeneralName.uniformResourceIdentifier -> "URI:" + DERIA5String.getInstance(name.getName()).getString();
            case GeneralName.iPAddress -> "IP Address:" + ip(ASN1OctetString.getInstance(name.getName()).getOctets());
            case GeneralName.directoryName -> "DirName:" + name(X500Name.getInstance(name.getName()));
            default -> "othername:<unsupported>";
        };
    }

    private static String ip(byte[] address) {
        try {
            String text = java.net.InetAddress.getByAddress(address).getHostAddress();
            // OpenSSL writes IPv6 in full upper-case groups.
            if (address.length == 16) {
                StringBuilder groups = new StringBuilder();
                for (int i = 0; i < 16; i += 2) {
                    groups.append(i == 0 ? "" : ":").append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))
                            .toUpperCase(Locale.ROOT));
                }
                return groups.toString();
            }
            return text;
        } catch (java.net.UnknownHostException e) {
            return "<invalid>";
        }
    }

    /** {@code CN = x, O = y}: OpenSSL 3's default, the certificate's RDN order, {@code +} within an RDN. */
    static String name(X500Name name) {
        List<String> rdns = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            List<String> values = new ArrayList<>();
            for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
                String value = ava.getValue() instanceof ASN1String s ? s.getString() : ava.getValue().toString();
                values.add(NAMES.getOrDefault(ava.getType().getId(), ava.getType().getId()) + " = " + value);
            }
            rdns.add(String.join(" + ", values));
        }
        return String.join(", ", rdns);
    }

    private static String name(ASN1ObjectIdentifier oid) {
        return NAMES.getOrDefault(oid.getId(), oid.getId());
    }

    private static String time(Date date) {
        return TIME.format(date.toInstant());
    }

    private static String colons(byte[] bytes, boolean upper) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            out.append(i == 0 ? "" : ":").append(HEX.toHexDigits(bytes[i]));
        }
        return upper ? out.toString().toUpperCase(Locale.ROOT) : out.toString();
    }

    /** OpenSSL's hex dumps: {@code perLine} octets a line, each line but the last ending with a colon. */
    private static void hexLines(byte[] bytes, int perLine, String indent, List<String> out) {
        for (int i = 0; i < bytes.length; i += perLine) {
            byte[] line = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + perLine));
            out.add(indent + colons(line, false) + (i + perLine < bytes.length ? ":" : ""));
        }
    }
}
