package io.ucfleet.ctl.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.ucfleet.ctl.trustlist.TrustListBuilds;
import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.security.Roles;

/** ctl-service's part of the simulator's management API (not a Cisco interface): reset to a first start. */
@Path("/ucfleet/v1")
@RolesAllowed(Roles.ADMIN)
public class ControlResource {
    @Inject
    TrustListBuilds builds;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** Non-secure mode, no CTL and no ITL files (the ITL is built again when a phone first asks). */
    @POST
    @Path("/reset")
    public Response reset() {
        builds.reset();
        return Response.noContent().build();
    }

    @GET
    @Path("/snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    public Snapshot snapshot() {
        return builds.snapshot();
    }

    @PUT
    @Path("/snapshot")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response restore(byte[] body) {
        builds.restore(Snapshot.parse(body, json)); // read whole, then parsed: a chunked body past the limit is a prompt 413
        return Response.noContent().build();
    }
}
