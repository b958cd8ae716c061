package io.ucfleet.node.zone;

import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.crl.SipRevocationSettings;
import io.ucfleet.platform.revocation.CertificateRef;
import io.ucfleet.platform.revocation.RevocationCheck;
import io.ucfleet.platform.tls.Deadline;
import io.ucfleet.platform.tls.TlsProbe;

/**
 * One SIP TLS zone's connection to its peer, judged as an Expressway judges it: a real TLS
 * handshake as the client, then, with TLS verify mode on, the peer's certificate against the
 * trusted CA list (seed 004: "signed by a trusted CA on this list and there must be a full chain
 * of trust (intermediate CAs) to the root CA"), its use for TLS servers, the peer address
 * (appendix 1, {@link PeerName}), and revocation under Configuration > SIP's settings. Checks run
 * in OpenSSL's order (the VCS uses OpenSSL): validity, chain, purpose, name, revocation; the first
 * failure is the zone's reason. Every wait is bounded (connect, handshake, each revocation source,
 * and the whole check); time is the injected clock's, timeouts the host's monotonic clock.
 *
 * <p>No Quarkus here: the inputs are given, so the many cases are tested with real sockets alone.
 */
public final class PeerCheck {
    /** Appendix 1: zones fail with certificates of this key length (4096 is recommended). */
    static final int FAILING_KEY_BITS = 8192;

    /**
     * OpenSSL's "SSL server" purpose, which the VCS's TLS applies to a peer it connects to: an
     * extended key usage, when present, must allow TLS servers (or the SGC purposes OpenSSL still
     * takes); a key usage, when present, must allow a TLS key exchange.
     */
    static final Set<String> SERVER_EKUS = Set.of(KeyPurposeId.id_kp_serverAuth.getId(), "2.16.840.1.113730.4.1",
            "1.3.6.1.4.1.311.10.3.3");
    /** Indexes of {@link X509Certificate#getKeyUsage()}: digitalSignature, keyEncipherment, keyAgreement. */
    static final int[] SERVER_KEY_USAGES = { 0, 2, 4 };

    /** Bounds of one check; {@code total} covers all of it. */
    public record Limits(Duration connect, Duration handshake, Duration revocationSource, Duration total) {
    }

    /** A zone as the check needs it. */
    public record Target(String peerAddress, int port, boolean tlsVerify) {
    }

    /**
     * What the node brings: the trusted CA list, the CRLs in use, the SIP revocation settings, its
     * own server certificate, and the OCSP and CDP client (which trusts the list for HTTPS CDPs).
     */
    public record Inputs(List<X509Certificate> trustedCas, List<io.ucfleet.node.crl.RevocationCheck.Loaded> crls,
            SipRevocationSettings sip, X509Certificate serverCertificate, RevocationCheck client) {
    }

    private final ScheduledExecutorService watchdog;
    private final Clock clock;
    private final Limits limits;

    public PeerCheck(ScheduledExecutorService watchdog, Clock clock, Limits limits) {
        this.watchdog = watchdog;
        this.clock = clock;
        this.limits = limits;
    }

    public ZoneStatus check(Target zone, Inputs in) {
        Instant now = clock.instant();
        Deadline deadline = Deadline.in(limits.total());
        if (in.serverCertificate() != null && rsaBits(in.serverCertificate()) >= FAILING_KEY_BITS) {
            return ZoneStatus.failed(ZoneFailure.SERVER_CERTIFICATE_8192_BIT, "This node's server certificate has a "
                    + rsaBits(in.serverCertificate()) + "-bit key: SIP TLS zones fail to become active with 8192-bit keys"
                    + " (seed 004, appendix 1). Load a server certificate with a 4096-bit key.", null, now);
        }
        TlsProbe.Presented presented;
        try {
            presented = TlsProbe.probe(zone.peerAddress(), zone.port(), null, zone.peerAddress(), limits.connect(),
                    limits.handshake(), deadline, watchdog);
        } catch (TlsProbe.Failed e) {
            return ZoneStatus.failed(ZoneFailure.of(e.kind), e.getMessage(), null, now);
        }
        X509Certificate leaf = presented.chain().get(0);
        String peer = leaf.getSubjectX500Principal().getName();
        if (!zone.tlsVerify()) {
            return ZoneStatus.active("TLS (" + presented.tlsVersion() + ") with TLS verify mode Off: the peer's certificate"
                    + " is not checked.", peer, now);
        }
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return ZoneStatus.failed(ZoneFailure.CERTIFICATE_EXPIRED, "The peer's certificate is valid from "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + "; it is " + now + ".",
                    peer, now);
        }
        Optional<Chain> chain = chain(presented.chain(), in.trustedCas(), now);
        if (chain.isEmpty()) {
            return ZoneStatus.failed(ZoneFailure.UNTRUSTED_CA, "\"" + peer + "\", issued by \""
                    + leaf.getIssuerX500Principal().getName() + "\", does not chain to a root CA of the trusted CA list"
                    + " (with the intermediates the peer sent and those of the list).", peer, now);
        }
        Optional<String> usage = usage(leaf);
        if (usage.isPresent()) {
            return ZoneStatus.failed(ZoneFailure.KEY_USAGE, usage.get(), peer, now);
        }
        Optional<String> name = PeerName.mismatch(zone.peerAddress(), leaf);
        if (name.isPresent()) {
            return ZoneStatus.failed(ZoneFailure.NAME_MISMATCH, name.get(), peer, now);
        }
        List<String> notes = new ArrayList<>();
        if (!in.sip().checkingEnabled()) {
            notes.add("Certificate revocation checking mode is Off.");
        } else {
            Optional<ZoneStatus> revoked = revocation(chain.get(), in, deadline, now, notes, peer);
            if (revoked.isPresent()) {
                return revoked.get();
            }
        }
        return ZoneStatus.active("TLS (" + presented.tlsVersion() + "), TLS verify mode On: \"" + peer + "\" chains to \""
                + chain.get().anchor().getSubjectX500Principal().getName() + "\" and names " + zone.peerAddress() + ". "
                + String.join(" ", notes), peer, now);
    }

    /** The path below the anchor, leaf first, and the anchor. */
    record Chain(List<X509Certificate> path, X509Certificate anchor) {
        X509Certificate issuerOf(int i) {
            return i + 1 < path.size() ? path.get(i + 1) : anchor;
        }
    }

    /** PKIX from the leaf to a self-issued CA of the trusted list, through the peer's and the list's intermediates; no revocation here. */
    static Optional<Chain> chain(List<X509Certificate> presented, List<X509Certificate> trusted, Instant now) {
        Set<TrustAnchor> anchors = trusted.stream()
                .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
                .map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
        if (anchors.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(presented.get(0));
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            Set<X509Certificate> pool = new LinkedHashSet<>(presented);
            pool.addAll(trusted);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            List<X509Certificate> path = result.getCertPath().getCertificates().stream().map(c -> (X509Certificate) c).toList();
            return Optional.of(new Chain(path, result.getTrustAnchor().getTrustedCert()));
        } catch (CertPathBuilderException e) {
            return Optional.empty();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX builder is not available", e);
        }
    }

    static Optional<String> usage(X509Certificate leaf) {
        try {
            List<String> ekus = leaf.getExtendedKeyUsage();
            if (ekus != null && ekus.stream().noneMatch(SERVER_EKUS::contains)) {
                return Optional.of("The peer's certificate has an extended key usage without TLS Web Server Authentication"
                        + " (serverAuth): " + ekus + ".");
            }
        } catch (CertificateParsingException e) {
            return Optional.of("The peer's certificate's extended key usage does not decode.");
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && java.util.Arrays.stream(SERVER_KEY_USAGES).noneMatch(i -> i < ku.length && ku[i])) {
            return Optional.of("The peer's certificate's key usage allows no TLS key exchange (digitalSignature,"
                    + " keyEncipherment or keyAgreement).");
        }
        return Optional.empty();
    }

    /**
     * Each certificate below the anchor (seed 004: "CRL checking is applied for every CA in the
     * chain of trust"): OCSP when Use OCSP (the certificate must name a responder), then the
     * loaded CRLs when Use CRLs, then its CDPs when Allow CRL downloads from CDPs too. No source
     * with a status: the Fallback behavior decides.
     */
    private Optional<ZoneStatus> revocation(Chain chain, Inputs in, Deadline deadline, Instant now, List<String> notes,
            String peer) {
        SipRevocationSettings sip = in.sip();
        List<X509CertificateHolder> trusted = in.trustedCas().stream().map(PeerCheck::holder).toList();
        for (int i = 0; i < chain.path().size(); i++) {
            X509Certificate certificate = chain.path().get(i);
            X509Certificate issuer = chain.issuerOf(i);
            String subject = certificate.getSubjectX500Principal().getName();
            CertificateRef ref = new CertificateRef(i, subject, null);
            List<String> tried = new ArrayList<>();
            boolean established = false;
            if (sip.useOcsp()) {
                RevocationCheck.Status s = in.client().check(ref, certificate, issuer, RevocationCheck.Sources.OCSP_ONLY,
                        limits.revocationSource(), false, deadline);
                switch (s.status()) {
                    case "good" -> {
                        established = true;
                        notes.add("\"" + subject + "\": good by OCSP (" + s.source() + ").");
                    }
                    case "revoked" -> {
                        return Optional.of(ZoneStatus.failed(ZoneFailure.REVOKED_OCSP, "\"" + subject + "\" is revoked: OCSP "
                                + s.source() + " answered " + s.detail() + ".", peer, now));
                    }
                    default -> tried.add("OCSP: " + s.detail());
                }
            }
            if (!established && sip.useCrls()) {
                io.ucfleet.node.crl.RevocationCheck.Status s = io.ucfleet.node.crl.RevocationCheck.check(holder(certificate),
                        in.crls(), trusted, io.ucfleet.node.crl.RevocationCheck.Purpose.SIP_TLS, now);
                switch (s.state()) {
                    case NOT_REVOKED -> {
                        established = true;
                        notes.add("\"" + subject + "\": " + s.detail());
                    }
                    case REVOKED -> {
                        return Optional.of(ZoneStatus.failed(s.crlExpired() ? ZoneFailure.CRL_EXPIRED : ZoneFailure.REVOKED_CRL,
                                "\"" + subject + "\": " + s.detail(), peer, now));
                    }
                    default -> tried.add("loaded CRLs: " + s.detail().replaceFirst("\\.$", ""));
                }
                if (!established && sip.allowCdpDownloads()) {
                    RevocationCheck.Status d = in.client().check(ref, certificate, issuer, RevocationCheck.Sources.CDP_ONLY,
                            limits.revocationSource(), false, deadline);
                    switch (d.status()) {
                        case "good" -> {
                            established = true;
                            notes.add("\"" + subject + "\": not on the CRL of its CDP (" + d.source() + ").");
                        }
                        case "revoked" -> {
                            return Optional.of(ZoneStatus.failed(ZoneFailure.REVOKED_CRL, "\"" + subject + "\" is revoked: the"
                                    + " CRL downloaded from " + d.source() + " lists it (" + d.detail() + ").", peer, now));
                        }
                        case "crl-expired" -> {
                            return Optional.of(ZoneStatus.failed(ZoneFailure.CRL_EXPIRED, "\"" + subject + "\": the CRL"
                                    + " downloaded from " + d.source() + ": " + d.detail() + ".", peer, now));
                        }
                        default -> tried.add("CDP: " + d.detail());
                    }
                }
            }
            if (!established) {
                if (!sip.useOcsp() && !sip.useCrls()) {
                    tried.add("Use OCSP and Use CRLs are both No");
                }
                if (sip.fallbackRevoked()) {
                    return Optional.of(ZoneStatus.failed(ZoneFailure.REVOCATION_UNKNOWN, "The revocation status of \"" + subject
                            + "\" cannot be established (" + String.join("; ", tried) + "); Fallback behavior: Treat as"
                            + " revoked.", peer, now));
                }
                notes.add("The revocation status of \"" + subject + "\" cannot be established (" + String.join("; ", tried)
                        + "); Fallback behavior: Treat as not revoked.");
            }
        }
        return Optional.empty();
    }

    private static int rsaBits(X509Certificate certificate) {
        return certificate.getPublicKey() instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() : 0;
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | java.io.IOException e) {
            throw new IllegalStateException("a decoded certificate does not encode", e);
        }
    }
}
