package io.ucfleet.sync.replication;

import java.util.ArrayList;
import java.util.List;

import io.ucfleet.platform.replication.Change;
import io.ucfleet.sync.membership.MemberCondition.Reason;
import io.ucfleet.sync.policy.ReplicationPolicy;
import io.ucfleet.sync.policy.ReplicationPolicy.Scope;

/**
 * Who gets a batch read from one node's feed, plain data in and out: the changes the policy
 * sends cluster-wide go to every other member at once, unless the member already has pending
 * work (they queue behind it, keeping each node's changes in order) or has not answered since
 * cluster-sync started (they wait for it). The node the batch came from never gets it back.
 */
public final class Planner {

    /**
     * A member as the planner needs it: the node answering at {@code url} now, or null if it
     * has not answered since cluster-sync started; the node an earlier run of cluster-sync
     * knew at that URL (its stored cursor), or null; and whether deliveries to it are pending.
     */
    public record Target(String url, String node, String remembered, boolean backlog) {
    }

    /** Deliveries to {@code node} (at {@code target}) that become pending work instead of being tried now. */
    public record Waiting(Target target, String node, Reason reason, String message) {
    }

    /** {@code travelling}: the changes that leave their node; {@code now}: the members to apply them to at once. */
    public record Plan(List<Change> travelling, List<Target> now, List<Waiting> waiting) {
        public boolean isEmpty() {
            return now.isEmpty() && waiting.isEmpty();
        }
    }

    static final String NOT_IDENTIFIED = "It has not answered since cluster-sync started; the change waits for it.";
    static final String BEHIND_PENDING_WORK = "It has earlier pending work; the change queues behind it.";

    private Planner() {
    }

    /** Plans the delivery of {@code changes}, read from {@code sourceNode}'s feed, to {@code members}. */
    public static Plan plan(String sourceNode, List<Change> changes, List<Target> members) {
        List<Change> travelling = changes.stream()
                .filter(c -> ReplicationPolicy.scope(c.operation(), c.store(), c.sourceUnit()) == Scope.CLUSTER).toList();
        if (travelling.isEmpty()) {
            return new Plan(List.of(), List.of(), List.of());
        }
        List<Target> now = new ArrayList<>();
        List<Waiting> waiting = new ArrayList<>();
        for (Target target : members) {
            if (target.node() == null) {
                // A node never seen gets everything from the full pass when it first answers. One
                // an earlier run knew waits for it as pending work: the full pass cannot always
                // stand in, since a later local CAPF-trust import may have overwritten the
                // delete's tombstone on every node that had it.
                if (target.remembered() != null && !target.remembered().equals(sourceNode)) {
                    waiting.add(new Waiting(target, target.remembered(), Reason.NOT_IDENTIFIED, NOT_IDENTIFIED));
                }
            } else if (!target.node().equals(sourceNode)) {
                if (target.backlog()) {
                    waiting.add(new Waiting(target, target.node(), Reason.DELIVERIES_PENDING, BEHIND_PENDING_WORK));
                } else {
                    now.add(target);
                }
            }
        }
        return new Plan(travelling, List.copyOf(now), List.copyOf(waiting));
    }
}
