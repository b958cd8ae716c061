package io.ucfleet.sync.replication;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.Members;

/**
 * The management API's reset of cluster-sync: no cursors, no pending work, every member to be
 * identified and read from the start of its feed, as on a first start. Done under a hold, with
 * a new generation so that nothing read before is delivered after.
 */
@ApplicationScoped
public class SyncReset {
    private static final Logger LOG = Logger.getLogger(SyncReset.class);

    @Inject
    DeliveryGate gate;
    @Inject
    SyncStore store;
    @Inject
    Members members;
    @Inject
    ReplicationMetrics metrics;

    public record Result(int cursors, int pending) {
    }

    public Result reset() throws InterruptedException, SQLException {
        gate.hold();
        try {
            gate.nextGeneration();
            SyncStore.Cleared cleared = store.clear();
            members.all().forEach(Member::forget);
            metrics.pendingIs(0);
            LOG.infof("reset: %d cursors and %d pending deliveries dropped; every member is read afresh", cleared.cursors(),
                    cleared.pending());
            return new Result(cleared.cursors(), cleared.pending());
        } finally {
            gate.release();
        }
    }
}
