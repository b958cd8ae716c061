package io.ucfleet.node.expressway;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.x509.CertificateFacts;

/**
 * "View (decoded)" and "Show all (decoded)": a certificate in human-readable form, the fields
 * of {@code openssl x509 -text} that identify and limit a CA. Pure; public material only.
 */
public final class DecodedCertificate {
    private DecodedCertificate() {
    }

    public static List<String> lines(X509CertificateHolder certificate) {
        CertificateFacts f = CertificateFacts.of(certificate);
        List<String> lines = new ArrayList<>();
        lines.add("Certificate:");
        lines.add("    Version: " + certificate.getVersionNumber());
        lines.add("    Serial Number: " + f.serialNumber());
        lines.add("    Signature Algorithm: " + f.signatureAlgorithm());
        lines.add("    Issuer: " + f.issuer());
        lines.add("    Validity");
        lines.add("        Not Before: " + f.notBefore());
        lines.add("        Not After : " + f.notAfter());
        lines.add("    Subject: " + f.subject());
        lines.add("    Subject Public Key Info: " + f.keyType() + " " + f.keySize() + " bit" + (f.curve() == null ? "" : " (" + f.curve() + ")"));
        lines.add("    X509v3 Basic Constraints: " + (f.certificateAuthority() == null ? "not present"
                : f.certificateAuthority() ? "CA:TRUE" : "CA:FALSE"));
        if (!f.keyUsage().isEmpty()) {
            lines.add("    X509v3 Key Usage: " + String.join(", ", f.keyUsage()));
        }
        if (!f.extendedKeyUsage().isEmpty()) {
            lines.add("    X509v3 Extended Key Usage: " + String.join(", ", f.extendedKeyUsage()));
        }
        if (!f.subjectAlternativeNames().isEmpty()) {
            lines.add("    X509v3 Subject Alternative Name: " + String.join(", ", f.subjectAlternativeNames()));
        }
        lines.add("    SHA-256 Fingerprint: " + f.sha256());
        lines.add("    SHA-1 Fingerprint: " + f.sha1());
        return lines;
    }

    public static String text(X509CertificateHolder certificate) {
        return String.join("\n", lines(certificate)) + "\n";
    }
}
