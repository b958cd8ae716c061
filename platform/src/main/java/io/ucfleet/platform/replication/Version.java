package io.ucfleet.platform.replication;

import java.util.UUID;

/** One (store, certificate) as a node knows it: present or deleted, and by which change. */
public record Version(String store, String sha256, boolean present, UUID changeId, String sourceUnit, long version,
        String origin) {

    /** The operation that made this state: what a repair replays. */
    public Change.Operation operation() {
        return present ? Change.Operation.IMPORT : Change.Operation.DELETE;
    }
}
