package io.ucfleet.sync.api;

import java.time.Duration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.time.IsoDurations;
import io.ucfleet.sync.replication.DeliveryGate;
import io.ucfleet.sync.replication.SyncReset;

/**
 * cluster-sync's part of the simulator's management API: hold and release deliveries, reset to
 * a first start, the replication delay fault, and what the members' certificates are trusted by.
 * Admin only for changes.
 */
@Path("/ucfleet/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ControlResource {
    /** Longer than the real Intercluster Sync Agent's 30 minutes, short of silly. */
    static final Duration MAX_DELAY = Duration.ofHours(24);

    @Inject
    DeliveryGate gate;
    @Inject
    io.ucfleet.platform.tls.MemberPins pins;
    @Inject
    SyncReset reset;
    @Inject
    ObjectMapper json;

    public record Delivery(boolean held, String replicationDelay, long generation) {
    }

    public record DelayChange(String delay) {
    }

    @GET
    @Path("/delivery")
    public Delivery delivery() {
        return new Delivery(gate.held(), gate.delay().toString(), gate.generation());
    }

    /** Answers once deliveries in flight finished; nothing is delivered until release or reset. */
    @POST
    @Path("/hold")
    @RolesAllowed(Roles.ADMIN)
    public Delivery hold() throws InterruptedException {
        gate.hold();
        return delivery();
    }

    @POST
    @Path("/release")
    @RolesAllowed(Roles.ADMIN)
    public Delivery release() {
        gate.release();
        return delivery();
    }

    /** No cursors, no pending work: every member is read from the start of its feed; releases a hold. */
    @POST
    @Path("/reset")
    @RolesAllowed(Roles.ADMIN)
    public SyncReset.Result reset() throws Exception {
        return reset.reset();
    }

    /** E.g. {@code {"delay": "PT2S"}}: each change is delivered no sooner than that after it was read from its node. */
    @PUT
    @Path("/faults/replication-delay")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Delivery delay(DelayChange change) {
        Duration delay = IsoDurations.parse("delay", change == null ? null : change.delay(), "PT2S");
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new InvalidRequest("\"delay\" must be between PT0S and " + MAX_DELAY + ", not " + delay + ".");
        }
        gate.delay(delay);
        return delivery();
    }

    @DELETE
    @Path("/faults/replication-delay")
    @RolesAllowed(Roles.ADMIN)
    public Delivery clearDelay() {
        gate.delay(Duration.ZERO);
        return delivery();
    }

    /** What each member's HTTPS is trusted by: the certificate it presented first, those it announced or rotated to since. */
    @GET
    @Path("/member-certificates")
    public java.util.List<io.ucfleet.platform.tls.MemberPins.Known> memberCertificates() {
        return pins.list();
    }

    /** Forgets what the member at {@code member} is trusted by: what it presents next is pinned (a node reinstalled). */
    @DELETE
    @Path("/member-certificates")
    @RolesAllowed(Roles.ADMIN)
    public io.ucfleet.platform.tls.MemberPins.Forgotten forgetMemberCertificates(
            @jakarta.ws.rs.QueryParam("member") String member) {
        return pins.forget(member);
    }

    @GET
    @Path("/snapshot")
    @RolesAllowed(Roles.ADMIN)
    public Snapshot snapshot() throws Exception {
        return reset.snapshot();
    }

    /** Refused whole (another cluster's cluster-sync, another schema), changing nothing; releases a hold. */
    @PUT
    @Path("/snapshot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public jakarta.ws.rs.core.Response restore(byte[] body) throws Exception {
        Snapshot snapshot = Snapshot.parse(body, json); // read whole, then parsed: a chunked body past the limit is a prompt 413
        try {
            reset.restore(snapshot);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
        return jakarta.ws.rs.core.Response.noContent().build();
    }
}
