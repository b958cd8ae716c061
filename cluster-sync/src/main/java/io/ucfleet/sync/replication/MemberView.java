package io.ucfleet.sync.replication;

import java.time.Instant;
import java.util.Map;

/** One member as the status API shows it: memory for what is live, the database for what is stored. */
public record MemberView(String url, String node, boolean reachable, String epoch, long cursor, long head, long lag,
        Long pending, Instant lastPullAt, String lastError, Instant lastErrorAt) {

    public static MemberView of(Member m, Map<String, SyncStore.Cursor> cursors, Map<String, Long> pending) {
        SyncStore.Cursor stored = m.node == null ? null : cursors.get(m.node);
        return new MemberView(m.url, m.node, m.reachable, m.epoch, m.cursor, m.head, Math.max(0, m.head - m.cursor),
                m.node == null ? null : pending.getOrDefault(m.node, 0L), stored == null ? null : stored.lastPullAt(),
                m.lastError != null ? m.lastError : stored == null ? null : stored.lastError(),
                m.lastError != null ? m.lastErrorAt : stored == null ? null : stored.lastErrorAt());
    }
}
