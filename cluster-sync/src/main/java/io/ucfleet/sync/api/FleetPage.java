package io.ucfleet.sync.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.sync.config.SyncConfig;
import io.ucfleet.sync.overview.FleetOverview;
import io.ucfleet.sync.overview.FleetView;

/**
 * The fleet overview page ({@code /fleet/}): every node of this cluster and of the peer
 * clusters, the expiry timeline, replication and CTL state, links to each node's pages. Read
 * only, so HTTP Basic (the browser asks) with any of the fleet's accounts but the cluster's.
 */
@Path("/fleet")
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class FleetPage {
    @Inject
    FleetOverview overview;
    @Inject
    SyncConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance fleet(String fleetName, FleetView view, String refresh);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        FleetView view = overview.view();
        return Templates.fleet(overview.fleetName(view), view, config.fleet().refresh().toSeconds() + " s");
    }
}
