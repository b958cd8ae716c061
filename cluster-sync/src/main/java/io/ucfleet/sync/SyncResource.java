package io.ucfleet.sync;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.sync.policy.ReplicationPolicy;
import io.ucfleet.sync.replication.Member;
import io.ucfleet.sync.replication.MemberView;
import io.ucfleet.sync.replication.Replicator;
import io.ucfleet.sync.replication.SyncStore;

/**
 * What cluster-sync is doing: per node its cursor, the feed's head, the lag, pending work and
 * the last error; the pending deliveries themselves; and the replication policy table.
 * Read-only, and holds no secret (fingerprints and node names only).
 */
@Path("/api/v1/sync")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {
    static final int MAX_PENDING = 1000;

    @Inject
    Replicator replicator;
    @Inject
    SyncStore store;
    @Inject
    ObjectMapper json;

    public record Status(String service, List<MemberView> members, long pending, Replicator.FullPass lastFullPass,
            String databaseError) {
    }

    public record PendingView(String targetNode, UUID changeId, String operation, String store, String sha256,
            String origin, int attempts, String lastError, Instant nextAttemptAt, Instant createdAt) {
    }

    public record Policy(List<ReplicationPolicy.Rule> rules, ReplicationPolicy.Rule otherwise, String order) {
    }

    @GET
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
            databaseError = e.getMessage();
        }
        List<MemberView> members = replicator.members().stream().map((Member m) -> MemberView.of(m, cursors, pending))
                .toList();
        return new Status("cluster-sync", members, replicator.pendingCount(), replicator.lastFullPass(), databaseError);
    }

    @GET
    @Path("/pending")
    public List<PendingView> pending(@QueryParam("limit") @DefaultValue("100") int limit) throws Exception {
        if (limit < 1 || limit > MAX_PENDING) {
            throw new BadRequestException("limit must be 1.." + MAX_PENDING + ", not " + limit + ".");
        }
        List<PendingView> views = new java.util.ArrayList<>();
        for (SyncStore.Pending p : store.pending(limit)) {
            JsonNode change = json.readTree(p.change());
            views.add(new PendingView(p.targetNode(), p.changeId(), change.path("operation").asText(),
                    change.path("store").asText(), change.path("sha256").asText(), change.path("origin").asText(),
                    p.attempts(), p.lastError(), p.nextAttemptAt(), p.createdAt()));
        }
        return views;
    }

    @GET
    @Path("/policy")
    public Policy policy() {
        return new Policy(ReplicationPolicy.RULES, ReplicationPolicy.OTHERWISE, ReplicationPolicy.ORDER);
    }
}
