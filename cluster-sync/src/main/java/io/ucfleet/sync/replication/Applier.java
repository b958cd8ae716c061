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

    /** Applies {@code changes} on the node at {@code url}, counting and timing what it answers. */
    void apply(String url, List<Change> changes) throws IOException, InterruptedException {
        metrics.applied(client.apply(url, changes), changes);
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
        Map<Target, Future<Failure>> attempts = new LinkedHashMap<>();
        for (Target target : plan.now()) {
            Member member = byUrl.get(target.url());
            attempts.put(target, executor.submit(() -> {
                try {
                    apply(target.url(), plan.travelling());
                    member.delivered(false);
                    return null;
                } catch (Exception e) {
                    return Failure.of(e, APPLYING);
                }
            }));
        }
        List<SyncStore.NewPending> pending = new ArrayList<>();
        for (Planner.Waiting w : plan.waiting()) {
            pending.addAll(pending(w.node(), plan.travelling(), w.reason(), w.message()));
        }
        for (var attempt : attempts.entrySet()) {
            Failure failure = outcome(attempt.getValue());
            if (failure != null) {
                Member member = byUrl.get(attempt.getKey().url());
                member.deliveryFailed(failure);
                member.backlogged();
                pending.addAll(pending(attempt.getKey().node(), plan.travelling(), failure.reason(), failure.message()));
            }
        }
        return pending;
    }

    private static Failure outcome(Future<Failure> attempt) throws InterruptedException {
        try {
            return attempt.get();
        } catch (ExecutionException e) {
            return Failure.of(e, APPLYING); // the attempt catches every Exception: an Error got through
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
