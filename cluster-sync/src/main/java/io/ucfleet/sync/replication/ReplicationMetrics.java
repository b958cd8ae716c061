package io.ucfleet.sync.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Applied;
import io.ucfleet.sync.membership.MemberWatcher;

/**
 * cluster-sync's meters: {@code ucfleet_sync_pending}, {@code ucfleet_sync_lag_changes{member}},
 * {@code ucfleet_sync_replication_latency_seconds} and
 * {@code ucfleet_sync_changes_delivered_total{outcome}}.
 */
@Startup
@ApplicationScoped
public class ReplicationMetrics {
    @Inject
    MeterRegistry registry;
    @Inject
    Clock clock;

    private final AtomicLong pending = new AtomicLong();
    private Timer latency;

    /** Registered at boot, before any member is seen, so that every meter exists from the start. */
    @PostConstruct
    void register() {
        latency = Timer.builder("ucfleet.sync.replication.latency")
                .description("From a change's commit on its node to its application on a peer")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("ucfleet.sync.pending", pending, AtomicLong::get)
                .description("Deliveries waiting for their node (pending work)").register(registry);
    }

    void joined(@Observes MemberWatcher.Joined event) {
        Gauge.builder("ucfleet.sync.lag.changes", event.member(), m -> m.lag())
                .description("Changes in the node's feed not yet passed by cluster-sync's cursor")
                .tag("member", event.member().url).register(registry);
    }

    /** Counts each outcome a node answered for {@code changes} and times the ones it applied. */
    void applied(List<Applied> outcomes, List<Change> changes) {
        Instant now = clock.instant();
        for (int i = 0; i < outcomes.size() && i < changes.size(); i++) {
            String outcome = outcomes.get(i).outcome();
            Counter.builder("ucfleet.sync.changes.delivered").tag("outcome", outcome).register(registry).increment();
            if ("APPLIED".equals(outcome) && changes.get(i).createdAt() != null) {
                latency.record(Duration.between(changes.get(i).createdAt(), now));
            }
        }
    }

    public long pending() {
        return pending.get();
    }

    void pendingAdded(int count) {
        pending.addAndGet(count);
    }

    void pendingIs(long count) {
        pending.set(count);
    }
}
