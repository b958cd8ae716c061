package io.ucfleet.platform.replication;

import java.util.UUID;

/** What a node did with one change it was given: {@code APPLIED}, {@code ALREADY_APPLIED}, {@code SUPERSEDED} or {@code NOT_APPLICABLE}. */
public record Applied(UUID changeId, String outcome) {
}
