package io.ucfleet.labca.clients;

/**
 * Every reason a verdict can give, with its severity and where the rule comes from: one table,
 * read by the verdict, the README and the tests. "our choice" rows are where the seeds are silent.
 * Revocation rows are stricter for a client that needs revocation ({@link ClientKind#MRA}).
 */
public enum ReasonCode {
    // --- reaching the server: the client never sees a certificate ---
    UNKNOWN_HOST("unknown-host", Severity.REFUSED, "our choice: the name does not resolve"),
    CONNECTION_REFUSED("connection-refused", Severity.REFUSED, "our choice: nothing listens on the port"),
    CONNECT_TIMEOUT("connect-timeout", Severity.REFUSED, "our choice: no TCP answer within the connect timeout"),
    NOT_TLS("not-tls", Severity.REFUSED, "our choice: the port answered something that is not TLS"),
    HANDSHAKE_TIMEOUT("handshake-timeout", Severity.REFUSED, "our choice: the server stalled before the handshake ended"),
    HANDSHAKE_FAILED("handshake-failed", Severity.REFUSED, "our choice: the server ended the handshake"),
    STARTTLS_FAILED("starttls-failed", Severity.REFUSED, "RFC 6120 §5: the XMPP server did not offer or refused STARTTLS"),
    // --- the chain ---
    UNTRUSTED_ROOT("untrusted-root", Severity.PROMPT,
            "000, 001: if root certificates are not present in the trust store, the client prompts"),
    SELF_SIGNED("self-signed", Severity.PROMPT,
            "000: self-signed certificates belong in the Enterprise Trust store, else the client prompts"),
    ISSUER_NOT_FOUND("issuer-not-found", Severity.PROMPT,
            "000, 001: a trusted authority must have issued it; the server sent no issuer and the trust store has none"),
    PATH_INVALID("path-invalid", Severity.PROMPT, "our choice: RFC 5280 path validation (signature, CA flag, path length, key usage)"),
    NOT_FOR_SERVER_AUTH("not-for-server-auth", Severity.PROMPT, "our choice: extendedKeyUsage without serverAuth"),
    EXPIRED("expired", Severity.PROMPT, "our choice: the client cannot validate it and prompts, as for an unknown issuer"),
    NOT_YET_VALID("not-yet-valid", Severity.PROMPT, "our choice: as expired"),
    TIME_ENCODING("time-encoding", Severity.REFUSED,
            "002: times in GMT with seconds, no fractional seconds, or they fail verification; RFC 5280 §4.1.2.5: UTCTime through 2049"),
    WEAK_KEY("weak-key", Severity.REFUSED, "our choice: RSA below 2048 bits or EC below 256, which client TLS stacks refuse"),
    LARGE_KEY("large-key", Severity.WARNING, "004: 8192-bit keys break SIP TLS; 4096 is the recommended maximum"),
    // --- identity ---
    NAME_MISMATCH("name-mismatch", Severity.PROMPT, "000, 001: the server's identity must match SAN dNSName or Subject CN"),
    WILDCARD_NOT_LEFTMOST("wildcard-not-leftmost", Severity.PROMPT,
            "000, 001: a wildcard (*) only as the leftmost label, e.g. *.cisco.com"),
    IP_ADDRESS_MISMATCH("ip-address-mismatch", Severity.PROMPT,
            "000, 001: connecting by IP address to a certificate that names an FQDN prompts the user"),
    XMPP_DOMAIN_MISMATCH("xmpp-domain-mismatch", Severity.PROMPT,
            "001: XMPP certificates must contain the XMPP domain in xmppAddr, srvName, dNSName or CN"),
    NO_REFERENCE_IDENTITY("no-reference-identity", Severity.WARNING,
            "our choice: an uploaded chain without serverName (or xmppDomain) is not checked for identity"),
    // --- revocation (seed 001's CDP/AIA rule and 5 seconds, seed 004's fallback) ---
    REVOKED("revoked", Severity.REFUSED, "RFC 5280 / RFC 6960: the issuer says the certificate is revoked"),
    CRL_EXPIRED("crl-expired", Severity.REFUSED, "004: if a CA's CRL expires, all certificates it issued are treated as revoked"),
    NO_REVOCATION_INFO("no-revocation-info", Severity.PROMPT,
            "001: the certificate must contain an HTTP URL in CDP or AIA, else invalid certificate messages"),
    REVOCATION_UNAVAILABLE("revocation-unavailable", Severity.PROMPT,
            "001: the revocation server cannot be reached (or its answer is unusable or slower than 5 seconds)"),
    TREATED_AS_REVOKED("treated-as-revoked", Severity.REFUSED,
            "004: fallback \"treat as revoked\" when the revocation status cannot be established"),
    TREATED_AS_NOT_REVOKED("treated-as-not-revoked", Severity.WARNING,
            "004: fallback \"treat as not revoked\" (the default) when the revocation status cannot be established"),
    REVOCATION_NOT_CHECKED("revocation-not-checked", Severity.WARNING, "our choice: revocation mode off");

    public final String id;
    public final Severity severity;
    public final String rule;

    ReasonCode(String id, Severity severity, String rule) {
        this.id = id;
        this.severity = severity;
        this.rule = rule;
    }

    /**
     * The severity for this client: Mobile and Remote Access fails the connection where another
     * client only shows "invalid certificate" (seed 001: "Connections will fail").
     */
    public Severity severityFor(ClientKind client) {
        if (client.revocationMandatory && (this == NO_REVOCATION_INFO || this == REVOCATION_UNAVAILABLE)) {
            return Severity.REFUSED;
        }
        return severity;
    }
}
