package io.ucfleet.node.importtool;

/**
 * The tests the Certificate Import Tool reports a state for (seed 003: "After the tool finishes,
 * it reports these states for each test"; issue 10 §4 names them), in the order they run.
 */
public enum ImportTest {
    /** A TLS connection to the peer server was made and it presented its certificate chain. */
    CONNECTED("connected"),
    /**
     * The peer's certificate names the Peer Server exactly as entered, in its Subject CN or a SAN
     * (seed 003: "must exactly match the IP address, host name or FQDN"); no wildcard matching.
     */
    PEER_NAME_MATCHES("peer-name-matches"),
    /** The chain the peer sent, with the trust store's certificates, reaches a self-signed root. */
    CHAIN_COMPLETE("chain-complete"),
    /**
     * Every CA certificate of the chain is in the trust store (seed 003: "you must upload all CA
     * certificates in the certificate chain to IM and Presence as ... cup-trust").
     */
    CERTIFICATES_TRUSTED("certificates-trusted"),
    /**
     * Every CA certificate the store misses was sent by the peer, so the tool can install it; one
     * the peer did not send must be imported manually in Certificate Management (seed 003, step 2).
     */
    MISSING_CA_SENT("missing-ca-sent");

    /** Stable id for JSON. */
    public final String id;

    ImportTest(String id) {
        this.id = id;
    }
}
