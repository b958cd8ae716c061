package io.ucfleet.node.importtool;

/** Where a certificate of the peer's chain stands with the trust store. */
public enum CertificateStatus {
    /** In the trust store already. */
    TRUSTED("trusted"),
    /** A CA certificate (or the peer's self-signed one) the peer sent and the store lacks: installed on approval. */
    MISSING("missing"),
    /** A CA certificate the chain needs that the peer did not send: uploaded by hand in Certificate Management. */
    MISSING_NOT_SENT("missing-not-sent"),
    /** The peer's own certificate, issued by a CA: trusted through its issuers, never installed. */
    PEER("peer"),
    /** Sent by the peer but no link of its chain: reported, never installed. */
    NOT_IN_CHAIN("not-in-chain");

    /** Stable id for JSON. */
    public final String id;

    CertificateStatus(String id) {
        this.id = id;
    }
}
