package io.ucfleet.sync.overview;

import java.time.Instant;

import io.ucfleet.platform.certmonitor.CertificateExpiries;
import io.ucfleet.sync.status.SyncStatus;

/**
 * One node as the fleet overview shows it: who it is, its replication health, its CTL state and
 * its certificates' expiry. What was read stays until a read succeeds again; {@code readError}
 * says why the latest read failed (then {@code readAt} is older than the cluster's {@code at}).
 *
 * @param readAt when the node last answered every read; null if it never has
 * @param replication cluster-sync's live view of the member
 * @param ctl null on a node that has no CTL state to show, or before the first read
 */
public record NodeOverview(String url, String node, String fqdn, String role, String roleName, String cluster, String release,
        Instant readAt, String readError, SyncStatus.MemberView replication, CtlState ctl, CertificateExpiries certificates) {

    /** What {@code GET /api/v1/ctl-status} says, counted. */
    public record CtlState(String clusterSecurityMode, Integer ctlVersion, boolean ctlUpdateRequired, int changedIdentities,
            int pendingUploads) {
    }

    NodeOverview withReplication(SyncStatus.MemberView view) {
        return new NodeOverview(url, node, fqdn, role, roleName, cluster, release, readAt, readError, view, ctl, certificates);
    }
}
