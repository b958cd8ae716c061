package io.ucfleet.platform.tls;

/** Why a {@link TlsProbe} got no certificate chain; each caller maps these to its own vocabulary. */
public enum ProbeFailure {
    /** The name does not resolve. */
    UNKNOWN_HOST("unknown-host"),
    /** Nothing listens on the port. */
    CONNECTION_REFUSED("connection-refused"),
    /** No TCP answer within the connect timeout, or no route to the host. */
    CONNECT_TIMEOUT("connect-timeout"),
    /** The port answered the ClientHello with something that is not TLS. */
    NOT_TLS("not-tls"),
    /** The server accepted the connection and stalled before the handshake ended. */
    HANDSHAKE_TIMEOUT("handshake-timeout"),
    /** The server ended the handshake before presenting a certificate. */
    HANDSHAKE_FAILED("handshake-failed"),
    /** The XMPP server did not offer STARTTLS or refused it (RFC 6120 §5). */
    STARTTLS_FAILED("starttls-failed");

    /** Stable id for JSON. */
    public final String id;

    ProbeFailure(String id) {
        this.id = id;
    }
}
