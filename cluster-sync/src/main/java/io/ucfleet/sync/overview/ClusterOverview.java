package io.ucfleet.sync.overview;

import java.time.Instant;
import java.util.List;

/**
 * One cluster as its cluster-sync sees it ({@code GET /api/v1/sync/overview}): the record other
 * clusters' cluster-syncs read to show the whole fleet.
 *
 * @param cluster the cluster's name as its nodes give it
 * @param at cluster-sync's time of the answer
 */
public record ClusterOverview(String cluster, Instant at, List<NodeOverview> nodes) {
}
