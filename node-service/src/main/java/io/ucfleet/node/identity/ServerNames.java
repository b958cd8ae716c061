package io.ucfleet.node.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 004's names of an Expressway server certificate, one rule for the CSR and the default
 * certificate: CN = the peer's FQDN; SAN = the peer's FQDN, then the cluster's FQDN when
 * clustered ("with individual certificates per VCS"). Pure.
 */
public final class ServerNames {
    private ServerNames() {
    }

    public static List<String> san(String fqdn, Optional<String> clusterFqdn) {
        Set<String> names = new LinkedHashSet<>();
        names.add(fqdn);
        clusterFqdn.map(String::strip).filter(f -> !f.isEmpty()).ifPresent(names::add);
        return List.copyOf(names);
    }
}
