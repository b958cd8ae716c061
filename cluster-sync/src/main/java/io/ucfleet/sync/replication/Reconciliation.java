package io.ucfleet.sync.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ucfleet.platform.replication.State;
import io.ucfleet.platform.replication.Version;
import io.ucfleet.platform.replication.VersionOrder;
import io.ucfleet.sync.policy.ReplicationPolicy;
import io.ucfleet.sync.policy.ReplicationPolicy.Scope;

/**
 * The anti-entropy pass's decision, plain data in and out: for every (store, certificate)
 * any node knows, the latest change the policy sends cluster-wide wins; every node that has
 * the store and holds an older version (or none) gets it. Tombstones take part like any
 * change, so a node that missed a delete gets it, and a node that still has the certificate
 * never spreads it back. A later node-local change (a CAPF-trust import) does not take part:
 * it stays on its node and must not hide an earlier delete that other nodes still lack.
 */
public final class Reconciliation {

    /** Give {@code winner} to {@code targetNode}; {@code holder} has the certificate, for an import. */
    public record Repair(String targetNode, Version winner, String holder) {
    }

    private Reconciliation() {
    }

    public static List<Repair> repairs(Map<String, State> states) {
        Map<String, Version> winners = new HashMap<>();
        Map<String, String> holders = new HashMap<>();
        Map<String, Map<String, Version>> byNode = new HashMap<>();
        for (State state : states.values()) {
            Map<String, Version> mine = byNode.computeIfAbsent(state.node(), n -> new HashMap<>());
            for (Version v : state.versions()) {
                String key = v.store() + "/" + v.sha256();
                mine.put(key, v);
                if (ReplicationPolicy.scope(v.operation(), v.store(), v.sourceUnit()) != Scope.CLUSTER) {
                    continue;
                }
                Version best = winners.get(key);
                if (best == null || VersionOrder.after(v, best)) {
                    winners.put(key, v);
                    holders.put(key, state.node());
                }
            }
        }
        List<Repair> repairs = new ArrayList<>();
        for (var entry : winners.entrySet()) {
            Version winner = entry.getValue();
            for (State state : states.values()) {
                if (!state.trustStores().contains(winner.store())) {
                    continue;
                }
                Version mine = byNode.get(state.node()).get(entry.getKey());
                if (mine == null || VersionOrder.after(winner, mine)) {
                    repairs.add(new Repair(state.node(), winner, holders.get(entry.getKey())));
                }
            }
        }
        return repairs;
    }
}
