package io.ucfleet.sync.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.ucfleet.sync.membership.Failure;
import io.ucfleet.sync.membership.MemberCondition.Reason;

/**
 * cluster-sync's database: cursors per node and pending deliveries. Plain JDBC, one short
 * transaction per call; a failing database makes calls throw, and callers retry later.
 */
@ApplicationScoped
public class SyncStore {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock;

    public record Cursor(String node, String url, String epoch, long cursor, long head, Instant lastPullAt) {
    }

    /** A delivery that waits for its node, and why; held from the start if {@code reason} is not retried. */
    public record NewPending(String targetNode, UUID changeId, String change, Reason reason, String message) {
    }

    /** {@code held}: the node refused it; it waits for the node to be identified again, not for a back-off. */
    public record Pending(long id, String targetNode, UUID changeId, String change, int attempts, String lastReason,
            String lastMessage, Instant nextAttemptAt, Instant createdAt, boolean held) {
    }

    public Optional<Cursor> cursor(String node) throws SQLException {
        return cursors("where node = ?", node).stream().findFirst();
    }

    public List<Cursor> cursors() throws SQLException {
        return cursors("order by node", null);
    }

    private List<Cursor> cursors(String where, String node) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("select node, url, epoch,"
                + " cursor, head, last_pull_at from member_cursor " + where)) {
            if (node != null) {
                s.setString(1, node);
            }
            List<Cursor> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new Cursor(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                            instant(r.getTimestamp(6))));
                }
            }
            return result;
        }
    }

    /**
     * Moves a node's cursor to {@code cursor} and records, in the same transaction, every
     * delivery of the passed changes that did not succeed: a change passed by the cursor is
     * either applied on every target or pending for it.
     */
    public void advance(String node, String url, String epoch, long cursor, long head, List<NewPending> pending)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!pending.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("insert into pending_change (target_node, change_id,"
                            + " change, attempts, last_reason, last_message, next_attempt_at, created_at, held)"
                            + " values (?, ?, ?, 0, ?, ?, ?, ?, ?)"
                            + " on conflict (target_node, change_id) do nothing")) {
                        Timestamp now = Timestamp.from(clock.instant());
                        for (NewPending p : pending) {
                            s.setString(1, p.targetNode());
                            s.setObject(2, p.changeId());
                            s.setString(3, p.change());
                            s.setString(4, p.reason().camelCase());
                            s.setString(5, p.message());
                            s.setTimestamp(6, now);
                            s.setTimestamp(7, now);
                            s.setBoolean(8, !p.reason().retried);
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                upsertCursor(c, node, url, epoch, cursor, head);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void upsertCursor(Connection c, String node, String url, String epoch, long cursor, long head)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into member_cursor (node, url, epoch, cursor, head,"
                + " last_pull_at, updated_at) values (?, ?, ?, ?, ?, now(), now()) on conflict (node) do update set"
                + " url = excluded.url, epoch = excluded.epoch, cursor = excluded.cursor, head = excluded.head,"
                + " last_pull_at = now(), updated_at = now()")) {
            s.setString(1, node);
            s.setString(2, url);
            s.setString(3, epoch);
            s.setLong(4, cursor);
            s.setLong(5, head);
            s.executeUpdate();
        }
    }

    public List<Pending> due(int limit) throws SQLException {
        return pending("where not held and next_attempt_at <= now() order by id limit ?", limit);
    }

    public List<Pending> pending(int limit) throws SQLException {
        return pending("order by id limit ?", limit);
    }

    private List<Pending> pending(String tail, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("select id, target_node,"
                + " change_id, change, attempts, last_reason, last_message, next_attempt_at, created_at, held"
                + " from pending_change " + tail)) {
            s.setInt(1, limit);
            List<Pending> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new Pending(r.getLong(1), r.getString(2), r.getObject(3, UUID.class), r.getString(4),
                            r.getInt(5), r.getString(6), r.getString(7), instant(r.getTimestamp(8)),
                            instant(r.getTimestamp(9)), r.getBoolean(10)));
                }
            }
            return result;
        }
    }

    public long pendingCount(String targetNode) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                targetNode == null ? "select count(*) from pending_change"
                        : "select count(*) from pending_change where target_node = ?")) {
            if (targetNode != null) {
                s.setString(1, targetNode);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    public void delivered(List<Long> ids) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "delete from pending_change where id = any (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            s.executeUpdate();
        }
    }

    /**
     * A failed retry: backs off exponentially, up to {@link #MAX_BACKOFF}, if the failure is worth
     * a retry ({@link Failure#retried}); held otherwise.
     */
    public void failed(List<Long> ids, Failure failure) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update pending_change set attempts = attempts + 1, last_reason = ?, last_message = ?, held = ?,"
                        + " next_attempt_at = now()"
                        + " + least(interval '" + MAX_BACKOFF.toMillis() + " milliseconds',"
                        + " interval '100 milliseconds' * power(2, least(attempts, 10)))"
                        // held work changes only by release, never by an attempt that raced the hold
                        + " where id = any (?) and not held")) {
            s.setString(1, failure.reason().camelCase());
            s.setString(2, failure.message());
            s.setBoolean(3, !failure.retried());
            s.setArray(4, c.createArrayOf("bigint", ids.toArray()));
            s.executeUpdate();
        }
    }

    public record Cleared(int cursors, int pending) {
    }

    /** Drops every cursor and pending delivery (the management API's reset). */
    Cleared clear() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement cursors = c.prepareStatement("delete from member_cursor");
                    PreparedStatement pending = c.prepareStatement("delete from pending_change")) {
                Cleared cleared = new Cleared(cursors.executeUpdate(), pending.executeUpdate());
                c.commit();
                return cleared;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes the held deliveries to {@code targetNode} due again; how many there were. */
    public int release(String targetNode) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update pending_change set held = false, next_attempt_at = now() where target_node = ? and held")) {
            s.setString(1, targetNode);
            return s.executeUpdate();
        }
    }

    /** Held deliveries per target node (nodes with none are absent). */
    public Map<String, Long> heldCounts() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select target_node, count(*) from pending_change where held group by target_node");
                ResultSet r = s.executeQuery()) {
            Map<String, Long> counts = new HashMap<>();
            while (r.next()) {
                counts.put(r.getString(1), r.getLong(2));
            }
            return counts;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
