package io.ucfleet.node.api;

import java.time.Duration;
import java.time.Instant;

import java.sql.SQLException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.control.HttpFaults;
import io.ucfleet.node.control.NodeReset;
import io.ucfleet.node.control.NodeSnapshots;
import io.ucfleet.node.control.Scenarios;
import io.ucfleet.node.truststore.TrustImport;
import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.time.IsoDurations;
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
    com.fasterxml.jackson.databind.ObjectMapper json;
    @Inject
    SimulatedClock clock;
    @Inject
    NodeReset reset;
    @Inject
    NodeSnapshots snapshots;
    @Inject
    HttpFaults faults;
    @Inject
    Scenarios scenarios;
    @Inject
    Node node;
    @Inject
    io.ucfleet.node.certmonitor.CertificateExpiryMonitor monitor;

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
        Duration offset = IsoDurations.parse("offset", change == null ? null : change.offset(), "P30D");
        try {
            clock.offset(offset);
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"offset\" must be within 100 years of the host's clock.");
        }
        return view();
    }

    /**
     * What the scheduler does every minute: run the Certificate Expiry Monitor if its schedule says
     * so (daily; hourly near expiry). Tests move the clock, then tick, instead of waiting a minute.
     */
    @POST
    @Path("/certificate-monitor/tick")
    @RolesAllowed(Roles.ADMIN)
    public io.ucfleet.node.certmonitor.CertificateExpiryMonitor.Run tickCertificateMonitor() {
        return monitor.tick();
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
    public Snapshot snapshot() throws SQLException {
        return snapshots.take();
    }

    /** Back to a snapshot of this node (refused whole, changing nothing, if it is of another node or schema). */
    @PUT
    @Path("/snapshot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response restore(byte[] body) throws SQLException {
        snapshots.restore(Snapshot.parse(body, json)); // read whole, then parsed: a chunked body past the limit is a prompt 413
        return Response.noContent().build();
    }

    /**
     * An HTTP fault: {@code {"pathPrefix": "/platformcom/api/v1/certmgr", "method": "POST",
     * "status": 503, "latency": "PT2S", "probability": 0.5}} (method, status or latency, and
     * probability optional; status and latency not both absent).
     */
    public record FaultRequest(String pathPrefix, String method, Integer status, String latency, Double probability) {
    }

    public record FaultView(String id, String pathPrefix, String method, Integer status, String latency, double probability,
            long hits) {
        static FaultView of(HttpFaults.Fault f) {
            return new FaultView(f.id(), f.pathPrefix(), f.method().orElse(null), f.status().orElse(null), f.latency().toString(),
                    f.probability(), f.hitCount());
        }
    }

    @GET
    @Path("/faults/http")
    public List<FaultView> httpFaults() {
        return faults.list().stream().map(FaultView::of).toList();
    }

    @POST
    @Path("/faults/http")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<FaultView> addHttpFault(FaultRequest request) {
        if (request == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body needs \"pathPrefix\" and a \"status\" or \"latency\".");
        }
        Duration latency = request.latency() == null ? null : IsoDurations.parse("latency", request.latency(), "PT2S");
        HttpFaults.Fault fault = faults.add(request.pathPrefix(), request.method(), request.status(), latency, request.probability());
        return RestResponse.status(Response.Status.CREATED, FaultView.of(fault));
    }

    @DELETE
    @Path("/faults/http/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response removeHttpFault(@PathParam("id") String id) {
        if (!faults.remove(id)) {
            throw new DomainProblem(ProblemType.NOT_FOUND, "No HTTP fault " + id + "; GET /ucfleet/v1/faults/http lists them.");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("/faults/http")
    @RolesAllowed(Roles.ADMIN)
    public Response clearHttpFaults() {
        faults.clear();
        return Response.noContent().build();
    }

    /** {@code {"days": 30, "units": ["tomcat"]}} (units optional: every identity). */
    public record ExpiringRequest(Integer days, List<String> units) {
    }

    public record ExpiredTrustRequest(String store, String commonName, Integer daysAgo) {
    }

    /** Identities reissued to expire {@code days} from the node's now, as if issued five years before. */
    @POST
    @Path("/scenarios/expiring")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public List<Scenarios.Expiring> expiring(ExpiringRequest request) {
        if (request == null || request.days() == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body needs \"days\" (and optionally \"units\").");
        }
        return scenarios.expiring(request.units(), request.days());
    }

    /** An expired CA (default: in tomcat-trust, expired 1 day ago) imported as an administrator would. */
    @POST
    @Path("/scenarios/expired-trust")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Representations.UploadResult> expiredTrust(ExpiredTrustRequest request) {
        ExpiredTrustRequest r = request == null ? new ExpiredTrustRequest(null, null, null) : request;
        TrustImport.Result result = scenarios.expiredTrust(r.store() == null ? "tomcat-trust" : r.store(), r.commonName(),
                r.daysAgo() == null ? 1 : r.daysAgo());
        return RestResponse.status(Response.Status.CREATED, Representations.UploadResult.of(result, node, clock.instant()));
    }
}
