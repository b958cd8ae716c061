package io.ucfleet.platform.replication;

import java.time.Instant;
import java.util.UUID;

/**
 * One replicated trust-store change, as a node's feed serves it and its apply endpoint takes it
 * (the wire record node-service and cluster-sync share). {@code (version, origin)} is its place
 * in the cluster-wide order ({@link VersionOrder}); {@code changeId} is its idempotency key;
 * {@code sourceUnit} names the identity whose installation made it (the tomcat exchange), null
 * for an import or delete by an administrator.
 */
public record Change(Long seq, UUID changeId, Operation operation, String store, String sha256, byte[] der,
        String sourceUnit, long version, String origin, Instant createdAt) {

    public enum Operation {
        IMPORT, DELETE
    }

    /** True when this change orders after the given (version, origin). */
    public boolean isAfter(long otherVersion, String otherOrigin) {
        return VersionOrder.after(version, origin, otherVersion, otherOrigin);
    }
}
