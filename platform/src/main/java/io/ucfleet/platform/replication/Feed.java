package io.ucfleet.platform.replication;

import java.util.List;

/**
 * A page of a node's change feed: who it is ({@code node}, {@code epoch} of its database), its
 * head, the changes after a cursor, and {@code oldest}: the lowest {@code seq} the node still
 * keeps (its retention prunes older ones; {@code head + 1} when it keeps none; 0 from a node that
 * does not say). A reader whose cursor is below {@code oldest - 1} has missed pruned changes and
 * must repair them with a full pass.
 */
public record Feed(String node, String epoch, long head, List<Change> changes, long oldest) {
    /** Whether changes between {@code cursor} and this page were pruned before the reader got them. */
    public boolean prunedAfter(long cursor) {
        return oldest > cursor + 1;
    }
}
