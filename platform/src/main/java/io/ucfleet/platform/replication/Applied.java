package io.ucfleet.platform.replication;

import java.util.UUID;

/**
 * What a node did with one change it was given: {@code APPLIED}, {@code ALREADY_APPLIED},
 * {@code SUPERSEDED} or {@code NOT_APPLICABLE}. A node's apply endpoint takes a batch of 1 to
 * {@link #MAX_BATCH} changes and applies it in one transaction, answering one of these per
 * change in the batch's order.
 */
public record Applied(UUID changeId, String outcome) {
    /**
     * The most changes one apply request carries: one transaction each, short enough not to hold
     * the stores' locks for long, and (certificates of a few KB) well inside the HTTP body limit.
     */
    public static final int MAX_BATCH = 200;
}
