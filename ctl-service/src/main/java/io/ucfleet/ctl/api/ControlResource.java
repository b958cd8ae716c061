package io.ucfleet.ctl.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.ucfleet.ctl.trustlist.TrustListBuilds;
import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.security.Roles;

/**
 * ctl-service's part of the simulator's management API (not a Cisco interface): reset to a first
 * start, snapshots, and what the nodes' certificates are trusted by.
 */
@Path("/ucfleet/v1")
@RolesAllowed(Roles.ADMIN)
public class ControlResource {
    @Inject
    TrustListBuilds builds;
    @Inject
    io.ucfleet.platform.tls.MemberPins pins;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** Non-secure mode, no CTL and no ITL files (the ITL is built again when a phone first asks). */
    @POST
    @Path("/reset")
    public Response reset() {
        builds.reset();
        pins.forgetAllOnReset(); // the launcher's fresh fleet: every node reinstalled, new certificates
        return Response.noContent().build();
    }

    /** What each node's HTTPS is trusted by: the certificate it presented first, those it rotated to since. */
    @GET
    @Path("/member-certificates")
    @Produces(MediaType.APPLICATION_JSON)
    public java.util.List<io.ucfleet.platform.tls.MemberPins.Known> memberCertificates() {
        return pins.list();
    }

    /** Forgets what the node at {@code member} is trusted by: what it presents next is pinned (a node reinstalled). */
    @DELETE
    @Path("/member-certificates")
    @Produces(MediaType.APPLICATION_JSON)
    public io.ucfleet.platform.tls.MemberPins.Forgotten forgetMemberCertificates(@QueryParam("member") String member) {
        return pins.forget(member);
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
        pins.reread();
        return Response.noContent().build();
    }
}
