package io.ucfleet.sync.replication;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ucfleet.platform.database.Snapshot;
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
    @Inject
    io.agroal.api.AgroalDataSource dataSource;
    @Inject
    io.ucfleet.sync.membership.Membership membership;
    @Inject
    io.ucfleet.platform.tls.MemberPins certificates;

    static final String SERVICE = "cluster-sync";

    /** Which cluster-sync this is, for a snapshot: the members it serves. */
    private String identity() {
        return String.join(",", membership.urls().stream().sorted().toList());
    }

    /** Cursors and pending work as one moment's state: taken while deliveries are held. */
    public Snapshot snapshot() throws InterruptedException, SQLException {
        boolean wasHeld = gate.held();
        gate.hold();
        try {
            return Snapshot.take(dataSource, SERVICE, identity(), java.util.Set.of());
        } finally {
            if (!wasHeld) {
                gate.release();
            }
        }
    }

    /** Back to a snapshot's cursors and pending work; every member is identified again and read from its restored cursor. */
    public void restore(Snapshot snapshot) throws InterruptedException, SQLException {
        gate.hold();
        try {
            gate.nextGeneration();
            snapshot.restoreInto(dataSource, SERVICE, identity(), java.util.Set.of());
            certificates.reread();
            members.all().forEach(Member::forget);
            metrics.pendingIs(store.pendingCount(null));
            LOG.infof("restored from a snapshot: %d tables", snapshot.tables().size());
        } finally {
            gate.release();
        }
    }

    public record Result(int cursors, int pending) {
    }

    public Result reset() throws InterruptedException, SQLException {
        gate.hold();
        try {
            gate.nextGeneration();
            SyncStore.Cleared cleared = store.clear();
            certificates.forgetAll(); // the nodes were reinstalled first (the launcher's fresh): new certificates
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
