package io.ucfleet.node.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.TimeEncodingRule;

/**
 * What a CA-signed certificate must have kept of its unit's row (seed 002: "Ensure that 'Data
 * Encipherment' bit is not changed or removed as part of the CA-signing certificate process"):
 * every key usage bit and extended key usage of {@link IdentityProfile}, and times that meet the
 * GeneralizedTime rule. Pure.
 */
public final class SignedCertificateRules {
    private SignedCertificateRules() {
    }

    public static void check(IdentityProfile profile, X509CertificateHolder certificate) {
        String name = CertificateFacts.commonName(certificate.getSubject());
        TimeEncodingRule.violation(certificate.toASN1Structure()).ifPresent(violation -> {
            throw new DomainProblem(ProblemType.INVALID_TIME_ENCODING, "The signed certificate \"" + name + "\": " + violation
                    + ". Times must be GMT with seconds and no fractional seconds.");
        });
        List<String> lost = lost(profile, certificate);
        if (!lost.isEmpty()) {
            throw new DomainProblem(ProblemType.KEY_USAGE_LOST, "The signed certificate \"" + name + "\" lacks " + lost
                    + ", which " + profile.unit + " requires (seed 002, Tables 1 and 2); have the CA copy the CSR's extensions"
                    + " (openssl ca: copy_extensions = copy) and sign again.", Map.of("missing", lost));
        }
    }

    /** The unit's key usage bits and extended key usages the certificate does not carry. */
    public static List<String> lost(IdentityProfile profile, X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        KeyUsage keyUsage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
        var eku = extensions == null ? null : org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(extensions);
        List<String> lost = new ArrayList<>();
        for (KeyUsageBit bit : KeyUsageBit.values()) {
            if (profile.keyUsages.contains(bit) && (keyUsage == null || !keyUsage.hasUsages(bit.mask))) {
                lost.add(bit.rfcName);
            }
        }
        for (ExtendedKeyUsage usage : ExtendedKeyUsage.values()) {
            if (profile.extendedKeyUsages.contains(usage) && (eku == null || !eku.hasKeyPurposeId(usage.purpose))) {
                lost.add(usage.rfcName);
            }
        }
        return lost;
    }

    /** The SAN dNSNames of a certificate, lower case. */
    public static List<String> dnsNames(X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        GeneralNames names = extensions == null ? null : GeneralNames.fromExtensions(extensions,
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (GeneralName n : names.getNames()) {
            if (n.getTagNo() == GeneralName.dNSName) {
                out.add(n.getName().toString().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
