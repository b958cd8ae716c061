package io.ucfleet.labca.clients;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ucfleet.platform.revocation.RevocationCheck;

/**
 * The answer: {@code verdict} for the client asked about, every reason (certificate and field),
 * warnings that change nothing, the chain as the client built it, revocation per certificate,
 * what each client shows and does next, and how long it took.
 */
public record Verdict(String verdict, String client, TargetView target, TrustView trust, List<Reason> reasons,
        List<Reason> warnings, List<ChainEntry> chain, RevocationView revocation, Map<String, ClientKind.ClientAnswer> clients,
        Instant checkedAt, long latencyMillis, Timings timings, List<String> notes) {

    /**
     * {@code kind}: endpoint (a handshake) or chain (uploaded). {@code referenceIdentity}: what the
     * certificate must name (the host typed, or the XMPP domain).
     */
    public record TargetView(String kind, String host, Integer port, String protocol, String serverName, String xmppDomain,
            String referenceIdentity, String tlsVersion, String cipherSuite, boolean startTls, IdentityView identity) {
    }

    /** Where the name matched, or not. */
    public record IdentityView(boolean matched, String field, String value) {
    }

    public record TrustView(String source, int certificates, Map<String, Integer> nodes) {
    }

    /**
     * One certificate: {@code origin} server (sent in the handshake or uploaded), trust-store (the
     * anchor or an issuer the server did not send), or unused (sent but not on the path).
     */
    public record ChainEntry(int position, String origin, String subject, String issuer, String serialNumber,
            Instant notBefore, Instant notAfter, String keyType, int keySize, String signatureAlgorithm, boolean selfSigned,
            boolean certificateAuthority, List<String> subjectAlternativeNames, List<String> crlUrls, List<String> ocspUrls,
            String sha256) {
    }

    public record RevocationView(String mode, String fallback, String timeout, List<RevocationCheck.Status> certificates) {
    }

    /** Milliseconds of each phase; connect and handshake are null for an uploaded chain. */
    public record Timings(Long connectMillis, Long handshakeMillis, long trustMillis, long revocationMillis) {
    }
}
