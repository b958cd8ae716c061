package io.ucfleet.node.expressway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 004, "Overview of certificate use on the VCS": a clustered VCS's certificate "must contain
 * the FQDN of both the VCS itself and of the cluster", and "if a certificate is shared across
 * cluster peers, it must list all possible peer FQDNs". A real VCS loads a certificate that
 * breaks these (they are guidance), so they are warnings, never refusals. Pure.
 */
public final class ClusterNames {
    private ClusterNames() {
    }

    /**
     * What the loaded certificate's dNSNames lack. A certificate naming a peer other than this
     * node is shared, and must name every peer; an individual one names this node and the cluster.
     */
    public static List<String> warnings(List<String> sanDnsNames, String fqdn, Optional<String> clusterFqdn, List<String> peers) {
        Optional<String> cluster = clusterFqdn.map(String::strip).filter(c -> !c.isEmpty());
        if (cluster.isEmpty()) {
            return List.of();
        }
        Set<String> san = new LinkedHashSet<>();
        sanDnsNames.forEach(n -> san.add(n.toLowerCase(Locale.ROOT)));
        List<String> otherPeers = peers.stream().map(String::strip).filter(p -> !p.isEmpty() && !p.equalsIgnoreCase(fqdn))
                .distinct().toList();
        boolean shared = otherPeers.stream().anyMatch(p -> san.contains(p.toLowerCase(Locale.ROOT)));
        List<String> warnings = new ArrayList<>();
        if (!san.contains(cluster.get().toLowerCase(Locale.ROOT))) {
            warnings.add("The certificate's SAN lacks the cluster FQDN " + cluster.get()
                    + ": a clustered Expressway's certificate must contain the FQDN of both the peer and the cluster (seed 004).");
        }
        if (shared) {
            List<String> missing = new ArrayList<>();
            if (!san.contains(fqdn.toLowerCase(Locale.ROOT))) {
                missing.add(fqdn);
            }
            otherPeers.stream().filter(p -> !san.contains(p.toLowerCase(Locale.ROOT))).forEach(missing::add);
            if (!missing.isEmpty()) {
                warnings.add("The certificate is shared across cluster peers (its SAN names another peer) but lacks the peer FQDN(s) "
                        + missing + ": a shared certificate must list all possible peer FQDNs (seed 004).");
            }
        } else if (!san.contains(fqdn.toLowerCase(Locale.ROOT))) {
            warnings.add("The certificate's SAN lacks this peer's FQDN " + fqdn
                    + ": a clustered Expressway's certificate must contain the FQDN of both the peer and the cluster (seed 004).");
        }
        return warnings;
    }
}
