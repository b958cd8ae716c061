package io.ucfleet.labca.issuance;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a CSR becomes a certificate. Either way the certificate gets the lab's CRL distribution
 * point and AIA (OCSP, caIssuers), key identifiers, and the CSR's subject and key.
 */
public enum Profile {
    /**
     * Seed 004's appendix: {@code openssl ca} with {@code copy_extensions = copy}: every
     * extension of the CSR's extensionRequest is copied as requested (so a node's CSR keeps its
     * unit's key usage, and CAPF its CA:TRUE); {@code basicConstraints CA:FALSE} is added when the
     * CSR asks for none.
     */
    COPY_EXTENSIONS("copy-extensions"),
    /**
     * What public CAs issue: basicConstraints CA:FALSE, keyUsage digitalSignature +
     * keyEncipherment (digitalSignature alone for EC keys: RFC 8813 forbids keyEncipherment with
     * them), extendedKeyUsage serverAuth + clientAuth, the CSR's subjectAltName (or its CN as a
     * dNSName when it has none); nothing else of the CSR.
     */
    PUBLIC_CA("public-ca");

    public final String id;

    Profile(String id) {
        this.id = id;
    }

    public static Optional<Profile> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(p -> p.id).collect(Collectors.joining(", "));
    }
}
