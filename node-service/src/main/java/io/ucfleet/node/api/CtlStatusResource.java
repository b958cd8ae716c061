package io.ucfleet.node.api;

import io.ucfleet.node.ctlstatus.CtlListing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.platform.security.Roles;

/**
 * {@code GET /api/v1/ctl-status}: the cluster security mode and the node's "CTL update
 * required" flag with the identities that changed since the CTL was built. ctl-service
 * reports what it listed with {@code PUT}.
 */
@Path("/api/v1/ctl-status")
@Produces(MediaType.APPLICATION_JSON)
public class CtlStatusResource {
    @Inject
    CtlListing listing;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.READ_ONLY, Roles.CLUSTER})
    public CtlListing.Status status() {
        return listing.status();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLUSTER)
    public CtlListing.Status report(CtlListing.Report report) {
        return listing.replace(report);
    }
}
