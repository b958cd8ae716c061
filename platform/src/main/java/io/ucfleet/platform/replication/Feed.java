package io.ucfleet.platform.replication;

import java.util.List;

/** A page of a node's change feed: who it is ({@code node}, {@code epoch} of its database), its head and the changes after a cursor. */
public record Feed(String node, String epoch, long head, List<Change> changes) {
}
