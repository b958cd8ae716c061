package io.ucfleet.node.csr;

import java.util.List;

import io.ucfleet.node.identity.KeyAlgorithm;

/**
 * What an administrator asks for in "Generate CSR". Null members take the defaults: CN the
 * node FQDN ({@code <host>-ms.<domain>} for multi-server, as Unified CM names it), the other
 * subject fields from the node's configuration, the unit's key family and default size, SHA-256.
 */
public record CsrRequest(String unit, Distribution distribution, String commonName, String organization,
        String organizationalUnit, String locality, String state, String country, KeyAlgorithm keyType,
        Integer keySize, HashAlgorithm hash, List<String> altNames) {

    public CsrRequest {
        altNames = altNames == null ? List.of() : List.copyOf(altNames);
        distribution = distribution == null ? Distribution.THIS_SERVER : distribution;
        hash = hash == null ? HashAlgorithm.SHA256 : hash;
    }

    public static CsrRequest defaults(String unit) {
        return new CsrRequest(unit, null, null, null, null, null, null, null, null, null, null, null);
    }
}
