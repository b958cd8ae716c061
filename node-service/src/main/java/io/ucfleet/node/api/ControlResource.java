package io.ucfleet.node.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.control.NodeReset;
import io.ucfleet.node.control.NodeSnapshots;
import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.time.SimulatedClock;

/**
 * The simulator's management API, apart from every emulated Cisco interface: what a test harness
 * does to a node (move its clock, reset it to a fresh install). Admin only for changes.
 */
@Path("/ucfleet/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READ_ONLY})
public class ControlResource {
    @Inject
    SimulatedClock clock;
    @Inject
    NodeReset reset;
    @Inject
    NodeSnapshots snapshots;

    /** {@code offset}: ISO-8601 duration the node's clock runs ahead of the host's (negative: behind). */
    public record ClockView(Instant now, String offset, Instant hostNow) {
    }

    public record ClockChange(String offset) {
    }

    @GET
    @Path("/clock")
    public ClockView clock() {
        return view();
    }

    /** E.g. {@code {"offset": "P30D"}}: certificates are issued, judged and listed as 30 days from now. */
    @PUT
    @Path("/clock")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ClockView setClock(ClockChange change) {
        if (change == null || change.offset() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body needs \"offset\", an ISO-8601 duration such as \"P30D\".");
        }
        Duration offset;
        try {
            offset = Duration.parse(change.offset());
        } catch (DateTimeParseException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"offset\" is not an ISO-8601 duration such as \"P30D\" or"
                    + " \"-PT1H\": \"" + change.offset() + "\".");
        }
        try {
            clock.offset(offset);
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"offset\" must be within 100 years of the host's clock.");
        }
        return view();
    }

    private ClockView view() {
        Instant now = clock.instant();
        return new ClockView(now, clock.offset().toString(), now.minus(clock.offset()));
    }

    /** Back to a fresh install: new self-signed identities, empty trust stores but their copies, no CSRs, no restarts pending. */
    @POST
    @Path("/reset")
    @RolesAllowed(Roles.ADMIN)
    public NodeReset.Result reset() {
        return reset.reset();
    }

    /** The node's whole stored state (keys sealed as at rest): admin only, as it is everything the node holds. */
    @GET
    @Path("/snapshot")
    @RolesAllowed(Roles.ADMIN)
    public Snapshot snapshot() throws java.sql.SQLException {
        return snapshots.take();
    }

    /** Back to a snapshot of this node (refused whole, changing nothing, if it is of another node or schema). */
    @PUT
    @Path("/snapshot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public jakarta.ws.rs.core.Response restore(Snapshot snapshot) throws java.sql.SQLException {
        if (snapshot == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must be a snapshot (GET /ucfleet/v1/snapshot).");
        }
        snapshots.restore(snapshot);
        return jakarta.ws.rs.core.Response.noContent().build();
    }
}
