package io.ucfleet.sync.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
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
import io.ucfleet.sync.trust.MemberCertificates;

/**
 * What cluster-sync is doing: per node its cursor, the feed's head, the lag, pending work and
 * its {@code Synced} condition; the pending deliveries themselves; and the replication policy
 * table; what each member's HTTPS is trusted by (forgetting it is the one change here, for
 * the administrator). It names the cluster's nodes, their addresses and what they hold, so it
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
    @Inject
    MemberCertificates certificates;

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

    /** What each member's HTTPS is trusted by: the certificate it presented first, and those its own feed announced since. */
    @GET
    @Path("/certificates")
    public List<MemberCertificates.Known> certificates() throws java.sql.SQLException {
        return certificates.list();
    }

    public record Forgotten(String member, int forgotten) {
    }

    /**
     * Forgets what the member at {@code member} (its base URL) is trusted by, so that the
     * certificate it presents next is pinned as on first use: for a node reinstalled, or whose
     * new certificate cluster-sync did not see announced.
     */
    @DELETE
    @Path("/certificates")
    @RolesAllowed(Roles.ADMIN)
    public Forgotten forget(@QueryParam("member") String member) throws java.sql.SQLException {
        java.net.URI url;
        try {
            url = member == null || member.chars().anyMatch(Character::isISOControl) ? null : new java.net.URI(member.strip());
        } catch (java.net.URISyntaxException e) {
            url = null;
        }
        if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new InvalidRequest("member must be a member's HTTPS base URL, e.g. https://127.0.0.1:8443"
                    + (member == null ? "; it is missing." : ", not \"" + member.replaceAll("\\p{Cntrl}", "?") + "\"."));
        }
        return new Forgotten(member.strip(), certificates.forget(member));
    }

    @GET
    @Path("/policy")
    public Policy policy() {
        return new Policy(ReplicationPolicy.RULES, ReplicationPolicy.OTHERWISE, ReplicationPolicy.ORDER);
    }
}
