package io.ucfleet.sync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How cluster-sync replicates. The same keys are used by the local launcher (system
 * properties, {@code -Ducfleet.sync.long-poll=2S}) and on Kubernetes (environment variables,
 * {@code UCFLEET_SYNC_LONG_POLL}). Durations are written {@code 5S}, {@code 200MS},
 * {@code 10M}, or ISO-8601.
 */
@ConfigMapping(prefix = "ucfleet.sync")
public interface SyncConfig {
    /** The default of {@link #dataDir()}; {@code SyncMain} needs it before the configuration is mapped. */
    String DEFAULT_DATA_DIR = "data";

    /**
     * How long a feed request waits at the node for a first change before it answers empty
     * (the node caps it at 30 s). A change made meanwhile is answered at once, so this bounds
     * idle requests, not latency. Default 5 s.
     */
    @WithDefault("5S")
    Duration longPoll();

    /** Changes per feed read, per apply request and per round of pending work (the node accepts up to 1000). Default 500. */
    @WithDefault("500")
    int batchSize();

    /**
     * How often the full pass (anti-entropy) compares every node's versions and tombstones and
     * repairs drift; it also runs whenever a node is first seen or returns. Checked at a
     * granularity of one second. Default 30 s.
     */
    @WithDefault("30S")
    Duration fullPassInterval();

    /**
     * How often pending work is looked at. Each pending delivery also backs off on its own:
     * 0.1 s after the first failure, doubling up to 5 s. Default 200 ms.
     */
    @WithDefault("200MS")
    Duration retryInterval();

    /**
     * How often the member list ({@code ucfleet.cluster.members}) or DNS name
     * ({@code ucfleet.cluster.members-dns}) is read again. Checked at a granularity of one
     * second. Default 5 s.
     */
    @WithDefault("5S")
    Duration membershipInterval();

    /**
     * Where the embedded PostgreSQL lives ({@code <data-dir>/postgres}), used only when
     * {@code quarkus.datasource.jdbc.url} is not set. Default {@code data}.
     */
    @WithDefault(DEFAULT_DATA_DIR)
    Path dataDir();

    /** The fleet overview page ({@code /fleet/}): this cluster, and the other clusters' cluster-syncs. */
    Fleet fleet();

    interface Fleet {
        /** The fleet's name on the page (the launcher gives its topology's). Default: this cluster's name. */
        Optional<String> name();

        /**
         * The base URL of every other cluster's cluster-sync, comma-separated: each is asked for
         * its own cluster ({@code GET /api/v1/sync/overview}, as the cluster account), so any
         * cluster-sync shows the whole fleet. None by default: the page shows this cluster.
         */
        Optional<List<String>> peers();

        /**
         * How often every node (certificates, CTL state, who it is) and every peer is read. The page
         * shows what the last reads found and when, so it never waits for a node. Default 15 s.
         */
        @WithDefault("15S")
        Duration refresh();
    }
}
