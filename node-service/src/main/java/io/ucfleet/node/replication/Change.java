package io.ucfleet.node.replication;

import java.time.Instant;
import java.util.UUID;

/**
 * One replicated trust-store change, as the feed serves it and the apply endpoint takes it.
 * {@code (version, origin)} is its place in the cluster-wide order; {@code changeId} is its
 * idempotency key; {@code sourceUnit} names the identity whose installation made it (the
 * tomcat exchange), null for an import or delete by an administrator.
 */
public record Change(Long seq, UUID changeId, Operation operation, String store, String sha256, byte[] der,
        String sourceUnit, long version, String origin, Instant createdAt) {

    public enum Operation {
        IMPORT, DELETE
    }

    /** True when this change orders after the given (version, origin). */
    public boolean isAfter(long otherVersion, String otherOrigin) {
        return version != otherVersion ? version > otherVersion : origin.compareTo(otherOrigin) > 0;
    }
}
