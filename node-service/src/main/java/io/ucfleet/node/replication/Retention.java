package io.ucfleet.node.replication;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.NodeConfig;

/**
 * Bounded growth of the replication tables: the idempotency keys of peers' changes
 * ({@code applied_change}) and this node's outbox ({@code trust_change}) lose what is older than
 * {@code ucfleet.node.replication.retention} (7 days), checked every {@code prune-every} (1 h).
 * The newest outbox change always stays, so the feed's head never goes back. Safe because:
 * a peer's change delivered again after its key is gone meets this node's version of that
 * certificate ({@code trust_version}, kept for ever: the tombstones) and is superseded, not
 * applied twice; and a reader away longer than the retention learns from the feed's
 * {@code oldest} that it missed changes, and cluster-sync's full pass repairs them.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    EntityManager entityManager;
    @Inject
    Clock clock;
    @Inject
    NodeConfig config;

    /** What one pass removed. */
    public record Pruned(int appliedKeys, int outboxChanges) {
    }

    @Scheduled(identity = "replication-retention", every = "${ucfleet.node.replication.prune-every:1h}",
            delayed = "${ucfleet.node.replication.prune-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Pruned pruned = prune();
        if (pruned.appliedKeys() + pruned.outboxChanges() > 0) {
            LOG.infof("replication retention (%s): %d applied-change keys and %d outbox changes older than that removed",
                    config.replication().retention(), pruned.appliedKeys(), pruned.outboxChanges());
        }
    }

    @Transactional
    public Pruned prune() {
        Instant before = clock.instant().minus(config.replication().retention());
        int applied = entityManager.createNativeQuery("delete from applied_change where applied_at < ?1")
                .setParameter(1, before).executeUpdate();
        int outbox = entityManager.createNativeQuery("delete from trust_change where created_at < ?1"
                + " and seq < (select max(seq) from trust_change)").setParameter(1, before).executeUpdate();
        return new Pruned(applied, outbox);
    }
}
