package io.ucfleet.node.zone;

import java.util.EnumMap;
import java.util.Map;

import io.ucfleet.platform.tls.ProbeFailure;

/**
 * Why a SIP TLS zone is not active, one row each: a stable id for scripts and the sentence the
 * Zones page shows. The order of the checks is {@link PeerCheck}'s.
 */
public enum ZoneFailure {
    /** Seed 004, appendix 1: "SIP TLS zones may fail to become active if certificates with a key length of 8192 bits are used." */
    SERVER_CERTIFICATE_8192_BIT("server-certificate-8192-bit", "The server certificate has an 8192-bit key"),
    PEER_UNREACHABLE("peer-unreachable", "The peer could not be reached"),
    HANDSHAKE_FAILED("handshake-failed", "TLS negotiation failed"),
    CERTIFICATE_EXPIRED("certificate-expired", "The peer's certificate is expired or not yet valid"),
    UNTRUSTED_CA("untrusted-ca", "The peer's certificate is not signed by a trusted CA"),
    KEY_USAGE("key-usage", "The peer's certificate is not for TLS servers"),
    NAME_MISMATCH("name-mismatch", "The peer address is not a name of the peer's certificate"),
    REVOKED_OCSP("revoked-ocsp", "The peer's certificate is revoked (OCSP)"),
    REVOKED_CRL("revoked-crl", "The peer's certificate is revoked (CRL)"),
    CRL_EXPIRED("crl-expired", "The CRL of the peer's CA has expired"),
    REVOCATION_UNKNOWN("revocation-unknown", "The revocation status cannot be established (Fallback behavior: Treat as revoked)");

    public final String id;
    public final String title;

    ZoneFailure(String id, String title) {
        this.id = id;
        this.title = title;
    }

    private static final Map<ProbeFailure, ZoneFailure> BY_PROBE = new EnumMap<>(Map.of(
            ProbeFailure.UNKNOWN_HOST, PEER_UNREACHABLE,
            ProbeFailure.CONNECTION_REFUSED, PEER_UNREACHABLE,
            ProbeFailure.CONNECT_TIMEOUT, PEER_UNREACHABLE,
            ProbeFailure.NOT_TLS, HANDSHAKE_FAILED,
            ProbeFailure.HANDSHAKE_TIMEOUT, HANDSHAKE_FAILED,
            ProbeFailure.HANDSHAKE_FAILED, HANDSHAKE_FAILED,
            ProbeFailure.STARTTLS_FAILED, HANDSHAKE_FAILED));

    /** No TCP connection is "unreachable"; a connection without a finished handshake is a TLS negotiation failure. */
    public static ZoneFailure of(ProbeFailure failure) {
        return BY_PROBE.get(failure);
    }

    public static java.util.Optional<ZoneFailure> byId(String id) {
        return java.util.Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
