package io.ucfleet.node.csr;

import java.util.List;

import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.profile.KeyAlgorithm;

/**
 * A CSR request with every default resolved: what the lint rules judge and the builder encodes.
 * {@code dnsNames} is the SAN list in order (CN first when it is a host name, then the node
 * FQDNs, then the extra names), without duplicates; {@code xmppAddrs} and {@code srvNames} the
 * SAN's XMPP otherNames, after the dNSNames.
 */
public record CsrPlan(IdentityProfile profile, Distribution distribution, Subject subject, KeyAlgorithm keyType,
        int keySize, HashAlgorithm hash, List<String> dnsNames, List<String> extraNames, boolean expressway,
        List<String> xmppAddrs, List<String> srvNames) {

    /** A plan without XMPP otherNames. */
    public CsrPlan(IdentityProfile profile, Distribution distribution, Subject subject, KeyAlgorithm keyType, int keySize,
            HashAlgorithm hash, List<String> dnsNames, List<String> extraNames, boolean expressway) {
        this(profile, distribution, subject, keyType, keySize, hash, dnsNames, extraNames, expressway, List.of(), List.of());
    }

    /** Subject fields in Cisco's order (CN, OU, O, L, ST, C); null or blank fields are left out. */
    /** {@code email} (emailAddress, after C as in the self-signed certificates): only when the request gives one. */
    public record Subject(String commonName, String organizationalUnit, String organization, String locality,
            String state, String country, String email) {
        public Subject(String commonName, String organizationalUnit, String organization, String locality, String state,
                String country) {
            this(commonName, organizationalUnit, organization, locality, state, country, null);
        }
    }
}
