package io.ucfleet.sync.replication;

import java.time.Instant;

/** What cluster-sync knows, in memory, of one member URL; the stored truth is {@link SyncStore}. */
public final class Member {
    public final String url;
    /** The node's FQDN and outbox epoch, learned from its feed; null until it first answered. */
    volatile String node;
    volatile String epoch;
    volatile long cursor;
    volatile long head;
    volatile boolean reachable;
    /** Deliveries to this node are pending: new changes queue behind them instead of being tried first. */
    volatile boolean backlog;
    volatile String lastError;
    volatile Instant lastErrorAt;
    volatile Thread worker;

    Member(String url) {
        this.url = url;
    }

    void failed(String error) {
        lastError = error;
        lastErrorAt = Instant.now();
        reachable = false;
    }
}
