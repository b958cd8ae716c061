package io.ucfleet.sync.replication;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.replication.Applied;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.sync.feed.NodeClient;
import io.ucfleet.sync.membership.Failure;
import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.MemberCondition.Reason;
import io.ucfleet.sync.membership.Members;
import io.ucfleet.sync.replication.Planner.Plan;
import io.ucfleet.sync.replication.Planner.Target;

/**
 * Applies changes to nodes: a batch from one feed to every other member at once, as the
 * {@link Planner} decides, turning every delivery that does not happen now into pending work.
 */
@ApplicationScoped
public class Applier {
    static final String APPLYING = "applying changes to it";

    @Inject
    NodeClient client;
    @Inject
    SyncStore store;
    @Inject
    Members members;
    @Inject
    ReplicationMetrics metrics;
    @Inject
    ObjectMapper json;
    /** Quarkus' worker pool: one delivery per target in parallel, so a slow node delays only itself. */
    @Inject
    ScheduledExecutorService executor;

    /** A change the node refused on its own (it refused a batch of just this one): held for that node. */
    record Refused(Change change, Failure failure) {
    }

    /**
     * Applies {@code changes} on the node at {@code url} in order, in requests of at most
     * {@link Applied#MAX_BATCH} (each one transaction on the node), counting and timing what it
     * answers. A node refuses a batch as a whole (4xx: nothing of it applied), so a refused batch
     * is split in halves until only the changes it refuses alone are left: those are answered,
     * to be held, and the rest is applied. Any other failure throws; what was applied before it
     * is applied again harmlessly (the change id is the node's idempotency key).
     */
    List<Refused> apply(String url, List<Change> changes) throws IOException, InterruptedException {
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < changes.size(); i += Applied.MAX_BATCH) {
            applySplitting(url, changes.subList(i, Math.min(changes.size(), i + Applied.MAX_BATCH)), refused);
        }
        return refused;
    }

    private void applySplitting(String url, List<Change> batch, List<Refused> refused)
            throws IOException, InterruptedException {
        try {
            metrics.applied(client.apply(url, batch), batch);
        } catch (NodeClient.NodeException e) {
            if (e.kind != ClusterChannel.Failure.REFUSED || e.status >= 500) {
                throw e;
            }
            if (batch.size() == 1) {
                refused.add(new Refused(batch.get(0), Failure.of(e, APPLYING)));
                return;
            }
            int half = batch.size() / 2;
            applySplitting(url, batch.subList(0, half), refused);
            applySplitting(url, batch.subList(half, batch.size()), refused);
        }
    }

    /**
     * Delivers a batch read from {@code source}'s feed; answers the deliveries that failed or
     * were not tried, which the caller stores with the cursor that passes the batch.
     */
    List<SyncStore.NewPending> deliver(Member source, List<Change> changes)
            throws SQLException, InterruptedException, JsonProcessingException {
        List<Member> all = members.all();
        Map<String, String> remembered = all.stream().anyMatch(m -> m.node() == null) ? storedNodesByUrl() : Map.of();
        Map<String, Member> byUrl = new HashMap<>();
        List<Target> targets = new ArrayList<>();
        for (Member m : all) {
            byUrl.put(m.url, m);
            targets.add(new Target(m.url, m.node(), remembered.get(m.url), m.backlog()));
        }
        Plan plan = Planner.plan(source.node(), changes, targets);
        if (plan.isEmpty()) {
            return List.of();
        }
        Map<Target, Future<Attempt>> attempts = new LinkedHashMap<>();
        for (Target target : plan.now()) {
            Member member = byUrl.get(target.url());
            attempts.put(target, executor.submit(() -> {
                try {
                    List<Refused> refused = apply(target.url(), plan.travelling());
                    member.delivered(false);
                    return new Attempt(null, refused);
                } catch (Exception e) {
                    return new Attempt(Failure.of(e, APPLYING), List.of());
                }
            }));
        }
        List<SyncStore.NewPending> pending = new ArrayList<>();
        for (Planner.Waiting w : plan.waiting()) {
            pending.addAll(pending(w.node(), plan.travelling(), w.reason(), w.message()));
        }
        for (var attempt : attempts.entrySet()) {
            Attempt outcome = outcome(attempt.getValue());
            Member member = byUrl.get(attempt.getKey().url());
            if (outcome.failure() != null) {
                member.deliveryFailed(outcome.failure());
                member.backlogged();
                pending.addAll(pending(attempt.getKey().node(), plan.travelling(), outcome.failure().reason(),
                        outcome.failure().message()));
            }
            for (Refused r : outcome.refused()) {
                member.deliveryFailed(r.failure());
                member.backlogged();
                pending.addAll(pending(attempt.getKey().node(), List.of(r.change()), r.failure().reason(),
                        r.failure().message()));
            }
        }
        return pending;
    }

    /** One target's delivery: how it failed as a whole, or the changes it refused one by one. */
    private record Attempt(Failure failure, List<Refused> refused) {
    }

    private static Attempt outcome(Future<Attempt> attempt) throws InterruptedException {
        try {
            return attempt.get();
        } catch (ExecutionException e) {
            // the attempt catches every Exception: an Error got through
            return new Attempt(Failure.of(e, APPLYING), List.of());
        }
    }

    private List<SyncStore.NewPending> pending(String node, List<Change> changes,
            Reason reason, String message) throws JsonProcessingException {
        List<SyncStore.NewPending> pending = new ArrayList<>();
        for (Change c : changes) {
            pending.add(new SyncStore.NewPending(node, c.changeId(), json.writeValueAsString(c), reason, message));
        }
        return pending;
    }

    private Map<String, String> storedNodesByUrl() throws SQLException {
        Map<String, String> nodes = new HashMap<>();
        for (SyncStore.Cursor c : store.cursors()) {
            nodes.put(c.url(), c.node());
        }
        return nodes;
    }
}
