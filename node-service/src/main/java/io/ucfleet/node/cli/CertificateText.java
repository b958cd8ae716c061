package io.ucfleet.node.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.x509.CertificateFacts;

/**
 * {@code show cert own|trust}: a certificate decoded the way the platform CLI prints it (Version,
 * Serial Number, SignatureAlgorithm, Issuer Name, {@code Validity From: ... To: ...}, Subject Name,
 * Key, Extensions), fields from {@link CertificateFacts}. Public material only.
 */
public final class CertificateText {
    /** The date layout of the platform (Java's {@code Date.toString}), in UTC. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US)
            .withZone(ZoneId.of("UTC"));
    private static final Map<ASN1ObjectIdentifier, String> EXTENSION_NAMES = Map.of(
            Extension.keyUsage, "KeyUsage",
            Extension.extendedKeyUsage, "ExtKeyUsageSyntax",
            Extension.subjectAlternativeName, "SubjectAlternativeName",
            Extension.basicConstraints, "BasicConstraints",
            Extension.subjectKeyIdentifier, "SubjectKeyIdentifier",
            Extension.authorityKeyIdentifier, "AuthorityKeyIdentifier");

    private CertificateText() {
    }

    public static List<String> lines(X509CertificateHolder certificate) {
        CertificateFacts facts = CertificateFacts.of(certificate);
        var spki = certificate.getSubjectPublicKeyInfo();
        List<String> lines = new ArrayList<>();
        lines.add("[");
        lines.add("  Version: V" + certificate.getVersionNumber());
        lines.add("  Serial Number: " + facts.serialNumber());
        lines.add("  SignatureAlgorithm: " + facts.signatureAlgorithm() + " ("
                + certificate.getSignatureAlgorithm().getAlgorithm().getId() + ")");
        lines.add("  Issuer Name: " + name(certificate.getIssuer()));
        lines.add("  Validity From: " + DATE.format(facts.notBefore()));
        lines.add("           To:   " + DATE.format(facts.notAfter()));
        lines.add("  Subject Name: " + name(certificate.getSubject()));
        lines.add("  Key: " + facts.keyType() + " (" + spki.getAlgorithm().getAlgorithm().getId() + ")"
                + (facts.curve() == null ? "" : " " + facts.curve()) + ", " + facts.keySize() + " bits");
        lines.add("    Key value:");
        lines.add(HexFormat.of().formatHex(spki.getPublicKeyData().getBytes()));
        var extensions = certificate.getExtensions();
        ASN1ObjectIdentifier[] oids = extensions == null ? new ASN1ObjectIdentifier[0] : extensions.getExtensionOIDs();
        lines.add("  Extensions: " + oids.length + " present");
        for (ASN1ObjectIdentifier oid : oids) {
            Extension extension = extensions.getExtension(oid);
            lines.add("  [");
            lines.add("     Extension: " + EXTENSION_NAMES.getOrDefault(oid, "Unknown") + " (OID." + oid.getId() + ")");
            lines.add("     Critical: " + extension.isCritical());
            lines.add("     " + value(oid, extension, facts));
            lines.add("  ]");
        }
        lines.add("]");
        return lines;
    }

    private static String value(ASN1ObjectIdentifier oid, Extension extension, CertificateFacts facts) {
        if (oid.equals(Extension.keyUsage)) {
            return "Usages: " + String.join(", ", facts.keyUsage());
        } else if (oid.equals(Extension.extendedKeyUsage)) {
            return "Usage oids: " + String.join(", ", facts.extendedKeyUsage());
        } else if (oid.equals(Extension.subjectAlternativeName)) {
            return "Names: " + String.join(", ", facts.subjectAlternativeNames());
        } else if (oid.equals(Extension.basicConstraints)) {
            return "CA: " + Boolean.TRUE.equals(facts.certificateAuthority());
        }
        return "Value: " + HexFormat.of().formatHex(extension.getExtnValue().getOctets());
    }

    /** Names as the platform prints them: {@code CN=..., OU=..., O=...} in the certificate's order. */
    private static String name(X500Name name) {
        List<String> parts = new ArrayList<>();
        for (var rdn : name.getRDNs()) {
            var first = rdn.getFirst();
            String type = BCStyle.INSTANCE.oidToDisplayName(first.getType());
            parts.add((type == null ? first.getType().getId() : type) + "=" + first.getValue());
        }
        return String.join(", ", parts);
    }
}
