package io.ucfleet.ctl.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.ucfleet.ctl.trustlist.TrustListBuilds;
import io.ucfleet.platform.security.Roles;

/** ctl-service's part of the simulator's management API (not a Cisco interface): reset to a first start. */
@Path("/ucfleet/v1")
@RolesAllowed(Roles.ADMIN)
public class ControlResource {
    @Inject
    TrustListBuilds builds;

    /** Non-secure mode, no CTL and no ITL files (the ITL is built again when a phone first asks). */
    @POST
    @Path("/reset")
    public Response reset() {
        builds.reset();
        return Response.noContent().build();
    }
}
