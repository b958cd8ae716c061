package io.ucfleet.sync.status;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.MemberCondition;
import io.ucfleet.sync.membership.Members;
import io.ucfleet.sync.replication.AntiEntropy;
import io.ucfleet.sync.replication.ReplicationMetrics;
import io.ucfleet.sync.replication.SyncStore;

/** What cluster-sync is doing, as the status API shows it: memory for what is live, the database for what is stored. */
@ApplicationScoped
public class SyncStatus {
    private static final Logger LOG = Logger.getLogger(SyncStatus.class);
    static final String DATABASE_UNAVAILABLE = "cluster-sync's database cannot be read; stored cursors and pending"
            + " counts are missing.";

    @Inject
    Members members;
    @Inject
    SyncStore store;
    @Inject
    AntiEntropy antiEntropy;
    @Inject
    ReplicationMetrics metrics;
    @Inject
    ObjectMapper json;

    /** {@code databaseError}: a sentence of ours when the database could not be read, else null. */
    public record Status(String service, List<MemberView> members, long pending, AntiEntropy.FullPass lastFullPass,
            String databaseError) {
    }

    /**
     * One member; {@code condition} is its {@code Synced} condition; {@code held} of its
     * {@code pending} are deliveries it refused, waiting for it to be identified again.
     */
    public record MemberView(String url, String node, boolean reachable, String epoch, long cursor, long head, long lag,
            Long pending, long held, Instant lastPullAt, MemberCondition condition) {
    }

    public record PendingView(String targetNode, UUID changeId, String operation, String store, String sha256,
            String origin, int attempts, String lastReason, String lastMessage, Instant nextAttemptAt, Instant createdAt,
            boolean held) {
    }

    public Status status() {
        Map<String, SyncStore.Cursor> cursors = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        String databaseError = null;
        try {
            for (SyncStore.Cursor c : store.cursors()) {
                cursors.put(c.node(), c);
                pending.put(c.node(), store.pendingCount(c.node()));
            }
        } catch (SQLException e) {
            LOG.warnf("status without stored cursors: %s", e.toString());
            databaseError = DATABASE_UNAVAILABLE;
        }
        List<MemberView> views = members.all().stream().map(m -> view(m, cursors, pending)).toList();
        return new Status("cluster-sync", views, metrics.pending(), antiEntropy.lastFullPass(), databaseError);
    }

    private static MemberView view(Member m, Map<String, SyncStore.Cursor> cursors, Map<String, Long> pending) {
        String node = m.node();
        SyncStore.Cursor stored = node == null ? null : cursors.get(node);
        return new MemberView(m.url, node, m.reachable(), m.epoch(), m.cursor(), m.head(), m.lag(),
                node == null ? null : pending.getOrDefault(node, 0L), m.held(), stored == null ? null : stored.lastPullAt(),
                m.condition());
    }

    public List<PendingView> pending(int limit) throws SQLException, JsonProcessingException {
        List<PendingView> views = new ArrayList<>();
        for (SyncStore.Pending p : store.pending(limit)) {
            JsonNode change = json.readTree(p.change());
            views.add(new PendingView(p.targetNode(), p.changeId(), change.path("operation").asText(),
                    change.path("store").asText(), change.path("sha256").asText(), change.path("origin").asText(),
                    p.attempts(), p.lastReason(), p.lastMessage(), p.nextAttemptAt(), p.createdAt(), p.held()));
        }
        return views;
    }
}
