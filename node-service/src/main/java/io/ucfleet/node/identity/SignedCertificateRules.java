package io.ucfleet.node.identity;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyUsageBit;
import io.ucfleet.node.profile.ExtendedKeyUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.KeySizeRule;
import io.ucfleet.platform.x509.TimeEncoding;

/**
 * What a CA-signed identity certificate is held to when it is installed. Refused, as a real
 * node refuses them: times that break the GeneralizedTime rule, a key above 4096 bits, and a
 * wildcard name (release 15 security guide: "Unified Communications Manager does not support
 * certificates with wildcard entry"). Installed with a warning per missing bit: a key usage or
 * extended key usage of the unit's row ({@link IdentityProfile}, seed 002 Tables 1 and 2) that
 * the CA did not keep. Seed 002 only asks to "ensure" Data Encipherment is kept, and real nodes
 * install public-CA certificates (Digital Signature + Key Encipherment, serverAuth +
 * clientAuth) every day; {@code strictKeyUsage} turns the warnings into a refusal. Pure.
 */
public final class SignedCertificateRules {
    private SignedCertificateRules() {
    }

    /** A usage the unit's row has and the certificate lacks, and what the node cannot do without it. */
    public record UsageWarning(String code, String usage, String message) {
    }

    /** Refuses what a node refuses; returns the key-usage warnings of what it installs. */
    public static List<UsageWarning> check(IdentityProfile profile, X509CertificateHolder certificate,
            boolean strictKeyUsage) {
        String name = CertificateFacts.commonName(certificate.getSubject());
        TimeEncoding.form(certificate.toASN1Structure()).map(TimeEncoding.Violation::message).ifPresent(violation -> {
            throw new DomainProblem(ProblemType.INVALID_TIME_ENCODING, "The signed certificate \"" + name + "\": " + violation
                    + ". Times must be GMT with seconds and no fractional seconds.");
        });
        KeySizeRule.violation(CertificateFacts.of(certificate)).ifPresent(violation -> {
            throw new DomainProblem(ProblemType.KEY_TOO_LARGE, "The signed certificate " + violation + ".");
        });
        List<String> wildcards = Stream.concat(Stream.of(name), dnsNames(certificate).stream())
                .filter(n -> n.contains("*")).distinct().toList();
        if (!wildcards.isEmpty()) {
            throw new DomainProblem(ProblemType.WILDCARD_NOT_SUPPORTED, "The signed certificate names " + wildcards
                    + (profile == IdentityProfile.EXPRESSWAY_SERVER ? ": Expressway does not support wildcard certificates (seed 004)"
                            : ": Unified CM does not support certificates with wildcard entries") + "; have the CA sign the CSR with the"
                    + " node's own FQDNs.", Map.of("names", wildcards));
        }
        List<UsageWarning> warnings = warnings(profile, certificate);
        if (strictKeyUsage && !warnings.isEmpty()) {
            List<String> lost = warnings.stream().map(UsageWarning::usage).toList();
            throw new DomainProblem(ProblemType.KEY_USAGE_LOST, "The signed certificate \"" + name + "\" lacks " + lost
                    + ", which " + profile.unit + " requires (seed 002, Tables 1 and 2; this node has"
                    + " ucfleet.node.strict-key-usage on); have the CA copy the CSR's extensions"
                    + " (openssl ca: copy_extensions = copy) and sign again.", Map.of("missing", lost));
        }
        return warnings;
    }

    /** The unit's key usage bits and extended key usages the certificate does not carry, each with its consequence. */
    public static List<UsageWarning> warnings(IdentityProfile profile, X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        KeyUsage keyUsage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
        var eku = extensions == null ? null : org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(extensions);
        List<UsageWarning> out = new ArrayList<>();
        for (KeyUsageBit bit : KeyUsageBit.values()) {
            // RFC 5280: without the extension the key may be used for any purpose.
            if (profile.keyUsages.contains(bit) && keyUsage != null && !keyUsage.hasUsages(bit.mask)) {
                out.add(new UsageWarning("key-usage-missing", bit.rfcName, profile.unit + " without " + bit.opensslName
                        + " (" + bit.rfcName + "): " + bit.withoutIt + "."));
            }
        }
        for (ExtendedKeyUsage usage : ExtendedKeyUsage.values()) {
            if (profile.extendedKeyUsages.contains(usage) && eku != null && !eku.hasKeyPurposeId(usage.purpose)) {
                out.add(new UsageWarning("extended-key-usage-missing", usage.rfcName, profile.unit + " without "
                        + usage.opensslName + " (" + usage.rfcName + "): " + usage.withoutIt + "."));
            }
        }
        return out;
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
