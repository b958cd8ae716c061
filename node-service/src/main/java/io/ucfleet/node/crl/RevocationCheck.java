package io.ucfleet.node.crl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import io.ucfleet.node.x509.CertificateFacts;

/**
 * Seed 004's CRL rules for one certificate against the loaded CRLs. Pure: the CRLs and the
 * trusted CA list are given. A CRL counts only when a trusted CA of its issuer's name signed it;
 * among those the latest (thisUpdate) wins. "If a certificate authority's CRL expires, all
 * certificates issued by that CA will be treated as revoked."
 *
 * <p>Which sources count is the purpose's ({@link Purpose}): automatically downloaded CRLs
 * override manual ones, except for SIP TLS, which may use both; external policy servers use
 * manual CRLs only, LDAP the CRLs in the trusted CA file only.
 */
public final class RevocationCheck {
    private static final org.bouncycastle.jce.provider.BouncyCastleProvider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private RevocationCheck() {
    }

    /** What a certificate is checked for (seed 004, "CRL sources"). */
    public enum Purpose {
        /** TLS/HTTPS from browsers and external systems. */
        TLS(EnumSet.allOf(CrlSource.class), true),
        /** SIP TLS: manual and automatic CRLs may both be used. */
        SIP_TLS(EnumSet.allOf(CrlSource.class), false),
        /** External policy servers: manually loaded CRLs only. */
        POLICY_SERVER(EnumSet.of(CrlSource.MANUAL), false),
        /** LDAP for remote login: the CRLs within the Trusted CA certificate file only. */
        LDAP(EnumSet.of(CrlSource.TRUSTED_CA_FILE), false);

        final Set<CrlSource> sources;
        final boolean automaticOverridesManual;

        Purpose(Set<CrlSource> sources, boolean automaticOverridesManual) {
            this.sources = sources;
            this.automaticOverridesManual = automaticOverridesManual;
        }
    }

    public enum State {
        /** A CRL of the issuer is loaded and does not list the certificate. */
        NOT_REVOKED,
        /** Listed on the issuer's CRL, or the issuer's CRL has expired. */
        REVOKED,
        /** No usable CRL of the issuer is loaded. */
        NO_CRL,
        /** SIP TLS with certificate revocation checking Off. */
        NOT_CHECKED
    }

    /** A loaded CRL as the check needs it. */
    public record Loaded(CrlSource source, X509CRLHolder crl) {
    }

    /** {@code crlExpired}: revoked because the issuer's CRL has expired, not because it lists the certificate. */
    public record Status(State state, String detail, boolean crlExpired) {
        public Status(State state, String detail) {
            this(state, detail, false);
        }

        public boolean revoked() {
            return state == State.REVOKED;
        }
    }

    public static Status check(X509CertificateHolder certificate, List<Loaded> loaded, List<X509CertificateHolder> trustedCas,
            Purpose purpose, Instant now) {
        String issuer = certificate.getIssuer().toString();
        List<Loaded> candidates = new ArrayList<>(loaded.stream()
                .filter(l -> purpose.sources.contains(l.source()) && l.crl().getIssuer().equals(certificate.getIssuer()))
                .toList());
        if (purpose.automaticOverridesManual && candidates.stream().anyMatch(l -> l.source() == CrlSource.AUTOMATIC)) {
            candidates.removeIf(l -> l.source() == CrlSource.MANUAL);
        }
        List<Loaded> verified = candidates.stream().filter(l -> signedByTrustedCa(l.crl(), trustedCas)).toList();
        if (verified.isEmpty()) {
            return new Status(State.NO_CRL, candidates.isEmpty() ? "No CRL of \"" + issuer + "\" is loaded."
                    : "The CRL of \"" + issuer + "\" is not signed by a certificate of the trusted CA list, so it is not used.");
        }
        Loaded latest = verified.stream().max(Comparator.comparing(l -> l.crl().getThisUpdate())).orElseThrow();
        X509CRLHolder crl = latest.crl();
        if (crl.getNextUpdate() != null && now.isAfter(crl.getNextUpdate().toInstant())) {
            return new Status(State.REVOKED, "The CRL of \"" + issuer + "\" (" + latest.source().displayName
                    + ") expired at " + crl.getNextUpdate().toInstant() + "; every certificate of that CA is treated as revoked.",
                    true);
        }
        X509CRLEntryHolder entry = crl.getRevokedCertificate(certificate.getSerialNumber());
        if (entry != null) {
            return new Status(State.REVOKED, "Serial " + CertificateFacts.serialHex(certificate.getSerialNumber())
                    + " was revoked on " + entry.getRevocationDate().toInstant() + reason(entry).map(r -> " (" + r + ")").orElse("")
                    + " by the CRL of \"" + issuer + "\" (" + latest.source().displayName + ").");
        }
        return new Status(State.NOT_REVOKED, "Not listed on the CRL of \"" + issuer + "\" (" + latest.source().displayName
                + ", this update " + crl.getThisUpdate().toInstant() + ").");
    }

    /**
     * SIP TLS, loaded CRLs only (the {@code crl/check} test; zones also ask OCSP and CDPs,
     * {@code zone.PeerCheck}): the Certificate revocation checking settings on top of the CRLs'
     * verdict. Off checks nothing; Use CRLs No leaves no source here, so the status cannot be
     * established; then the Fallback behavior decides.
     */
    public static Status forSipTls(Status crlVerdict, SipRevocationSettings settings) {
        if (!settings.checkingEnabled()) {
            return new Status(State.NOT_CHECKED, "Certificate revocation checking mode is Off for SIP TLS.");
        }
        Status verdict = settings.useCrls() ? crlVerdict
                : new Status(State.NO_CRL, "Use CRLs is No, and this check reads loaded CRLs only (SIP TLS zones also ask OCSP responders and CDPs).");
        if (verdict.state() != State.NO_CRL) {
            return verdict;
        }
        return settings.fallbackRevoked()
                ? new Status(State.REVOKED, verdict.detail() + " The revocation status cannot be established; Fallback behavior:"
                        + " Treat as revoked.")
                : new Status(State.NOT_REVOKED, verdict.detail() + " The revocation status cannot be established; Fallback"
                        + " behavior: Treat as not revoked.");
    }

    /** Whether a certificate of the trusted CA list with the CRL issuer's name signed it. */
    public static boolean signedByTrustedCa(X509CRLHolder crl, List<X509CertificateHolder> trustedCas) {
        for (X509CertificateHolder ca : trustedCas) {
            if (ca.getSubject().equals(crl.getIssuer())) {
                try {
                    if (crl.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(ca.getSubjectPublicKeyInfo()))) {
                        return true;
                    }
                } catch (Exception notThisKey) {
                    // another CA of the same name may have signed it
                }
            }
        }
        return false;
    }

    private static Optional<String> reason(X509CRLEntryHolder entry) {
        Extension reason = entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
        if (reason == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CRLReason.getInstance(reason.getParsedValue()).toString());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
