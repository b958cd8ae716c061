package io.ucfleet.node.profile;

/**
 * Where a product's certificate handling differs from Unified CM's, as data: a role carries one
 * of these and the domain code asks it, instead of asking which role it is.
 *
 * @param oneCsrInProgress a second CSR is refused until "Discard CSR" (seed 004), instead of
 *                         replacing the pending one and its key (Unified CM, seed 002)
 * @param pemOnly          uploads must be PEM; DER must be converted first (seed 004, appendix 3)
 * @param issuerChainFirst a trust upload is refused while an issuer is neither in it nor in the
 *                         store (seed 002, "root first"); the VCS appends what it is given
 * @param externalPrivateKey a server certificate may be loaded with its private key file, or,
 *                         with no CSR in progress, for the key in use (seed 004); Unified CM
 *                         installs only a certificate signed from its pending CSR
 * @param temporaryCaStore the trust store whose default content is the node's temporary CA, which
 *                         also issues the default identity certificates (seed 004: X8.1+ "ship with
 *                         a temporary trusted CA, and a server certificate issued by that temporary
 *                         CA"); null: no temporary CA, the defaults are self-signed (Unified CM)
 */
public record CertificatePolicy(String product, boolean oneCsrInProgress, boolean pemOnly, boolean issuerChainFirst,
        boolean externalPrivateKey, String temporaryCaStore) {
    public static final CertificatePolicy UNIFIED_CM = new CertificatePolicy("Unified CM", false, false, true, false, null);
    public static final CertificatePolicy EXPRESSWAY = new CertificatePolicy("Expressway", true, true, false, true,
            "trusted-ca-list");

    /** Whether the role's default identities are issued by a temporary CA of the node's own. */
    public boolean temporaryCa() {
        return temporaryCaStore != null;
    }

    /** Seed 004, appendix 3: what an administrator runs to turn a DER certificate into one the VCS loads. */
    public static final String DER_TO_PEM = "openssl x509 -inform der -in cert.der -out cert.pem";
}
