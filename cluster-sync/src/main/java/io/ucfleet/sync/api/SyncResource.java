package io.ucfleet.sync.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.platform.security.Roles;
import io.ucfleet.sync.policy.ReplicationPolicy;
import io.ucfleet.sync.overview.ClusterOverview;
import io.ucfleet.sync.overview.FleetOverview;
import io.ucfleet.sync.overview.FleetView;
import io.ucfleet.sync.status.SyncStatus;

/**
 * What cluster-sync is doing: per node its cursor, the feed's head, the lag, pending work and
 * its {@code Synced} condition; the pending deliveries themselves; and the replication policy
 * table. Read-only; it names the cluster's nodes, their addresses and what they hold, so it
 * needs an account: any of the fleet's (read-only suffices; the nodes' CLI reads it as the
 * cluster account). Health and metrics stay open.
 */
@Path("/api/v1/sync")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
public class SyncResource {
    static final int MAX_PENDING = 1000;

    @Inject
    SyncStatus status;
    @Inject
    FleetOverview fleet;

    public record Policy(List<ReplicationPolicy.Rule> rules, ReplicationPolicy.Rule otherwise, String order) {
    }

    @GET
    public SyncStatus.Status status() {
        return status.status();
    }

    @GET
    @Path("/pending")
    public List<SyncStatus.PendingView> pending(@QueryParam("limit") @DefaultValue("100") int limit) throws Exception {
        if (limit < 1 || limit > MAX_PENDING) {
            throw new InvalidRequest("limit must be 1.." + MAX_PENDING + ", not " + limit + ".");
        }
        return status.pending(limit);
    }

    /** This cluster for the fleet overview: what each node last answered and its live replication status. */
    @GET
    @Path("/overview")
    public ClusterOverview overview() {
        return fleet.own();
    }

    /** The whole fleet as the overview page shows it: this cluster and each peer cluster-sync's. */
    @GET
    @Path("/fleet")
    public List<FleetView.Shown> fleet() {
        return fleet.clusters();
    }

    @GET
    @Path("/policy")
    public Policy policy() {
        return new Policy(ReplicationPolicy.RULES, ReplicationPolicy.OTHERWISE, ReplicationPolicy.ORDER);
    }
}
