package io.ucfleet.labca.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.labca.api.Representations.ClockChange;
import io.ucfleet.labca.api.Representations.ClockView;
import io.ucfleet.labca.api.Representations.FaultBody;
import io.ucfleet.labca.api.Representations.FaultView;
import io.ucfleet.labca.control.LabCaControl;
import io.ucfleet.labca.faults.Endpoint;
import io.ucfleet.labca.faults.RevocationFaults;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.time.SimulatedClock;
import io.ucfleet.platform.database.Snapshot;

/**
 * lab-ca's part of the simulator's management API (not a CA interface): the clock its CRLs,
 * OCSP answers and certificates are dated by, the faults of its public revocation endpoints,
 * reset, snapshot and restore.
 */
@Path("/ucfleet/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.READ_ONLY })
public class ControlResource {
    @Inject
    SimulatedClock clock;
    @Inject
    RevocationFaults faults;
    @Inject
    LabCaControl control;
    @Inject
    io.ucfleet.platform.tls.MemberPins pins;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** What each node's HTTPS is trusted by: the certificate it presented first, those it rotated to since. */
    @GET
    @Path("/member-certificates")
    public java.util.List<io.ucfleet.platform.tls.MemberPins.Known> memberCertificates() {
        return pins.list();
    }

    /** Forgets what the node at {@code member} is trusted by: what it presents next is pinned (a node reinstalled). */
    @jakarta.ws.rs.DELETE
    @Path("/member-certificates")
    @RolesAllowed(Roles.ADMIN)
    public io.ucfleet.platform.tls.MemberPins.Forgotten forgetMemberCertificates(@jakarta.ws.rs.QueryParam("member") String member) {
        return pins.forget(member);
    }

    @GET
    @Path("/clock")
    public ClockView clock() {
        Instant now = clock.instant();
        return new ClockView(now, clock.offset().toString(), now.minus(clock.offset()));
    }

    /** {@code {"offset": "P30D"}}: the lab's clock that far ahead of the host's (negative: behind), within 100 years. */
    @PUT
    @Path("/clock")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ClockView setClock(ClockChange change) {
        Duration offset = Representations.duration("offset", change == null ? null : change.offset());
        try {
            clock.offset(offset);
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"offset\" must be within 100 years of the host's clock.");
        }
        return clock();
    }

    /** A first start again: every hierarchy, certificate and CRL gone, a new default hierarchy, no faults. */
    @jakarta.ws.rs.POST
    @Path("/reset")
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Void> reset() {
        control.reset();
        return RestResponse.noContent();
    }

    @GET
    @Path("/snapshot")
    @RolesAllowed(Roles.ADMIN)
    public Snapshot snapshot() {
        return control.snapshot();
    }

    /** Refused whole (400, nothing changed) if it is of another lab-ca, another schema, or rows that do not fit. */
    @PUT
    @Path("/snapshot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Void> restore(byte[] body) {
        control.restore(Snapshot.parse(body, json)); // read whole, then parsed: a chunked body past the limit is a prompt 413
        return RestResponse.noContent();
    }

    @GET
    @Path("/faults")
    public List<FaultView> faults() {
        return faults.all().entrySet().stream().map(e -> new FaultView(e.getKey().id, e.getValue().delay().toString(),
                e.getValue().close(), e.getValue().hits())).toList();
    }

    /** {@code {"delay": "PT6S"}}, {@code {"unreachable": true}}, or both (wait, then close without an answer). */
    @PUT
    @Path("/faults/{endpoint}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public FaultView setFault(@PathParam("endpoint") String endpoint, FaultBody body) {
        Endpoint e = endpoint(endpoint);
        if (body == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must give \"delay\" and/or \"unreachable\".");
        }
        var fault = faults.set(e, body.delay() == null ? null : Representations.duration("delay", body.delay()),
                Boolean.TRUE.equals(body.unreachable()));
        return new FaultView(e.id, fault.delay().toString(), fault.close(), fault.hits());
    }

    @DELETE
    @Path("/faults/{endpoint}")
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Void> clearFault(@PathParam("endpoint") String endpoint) {
        faults.clear(endpoint(endpoint));
        return RestResponse.noContent();
    }

    @DELETE
    @Path("/faults")
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Void> clearFaults() {
        faults.clearAll();
        return RestResponse.noContent();
    }

    private static Endpoint endpoint(String id) {
        return Endpoint.byId(id).orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND, "No endpoint \"" + id
                + "\" takes faults; use one of " + Endpoint.ids() + "."));
    }
}
