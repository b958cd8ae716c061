package io.ucfleet.node.crl;

/** Where a loaded CRL came from (seed 004, "CRL sources"). */
public enum CrlSource {
    /** Downloaded from one of the configured HTTP(S) distribution points. */
    AUTOMATIC("Automatic update"),
    /** The manually uploaded CRL file; a new upload replaces it. */
    MANUAL("Manual upload"),
    /** Embedded in the Trusted CA certificate file (appended with the CA certificates). */
    TRUSTED_CA_FILE("Trusted CA certificate file");

    public final String displayName;

    CrlSource(String displayName) {
        this.displayName = displayName;
    }
}
