package io.ucfleet.sync.feed;

import java.time.Instant;
import java.util.UUID;

/** A node's trust-store change, as its feed serves it (node-service's replication.Change). */
public record Change(Long seq, UUID changeId, String operation, String store, String sha256, byte[] der,
        String sourceUnit, long version, String origin, Instant createdAt) {
}
