package io.ucfleet.node.api;

import io.ucfleet.platform.security.Roles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.ucfleet.node.audit.AuditLog;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The audit log, newest first; administrators only (it names accounts and addresses). */
@Path("/api/v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditLogResource {
    @Inject
    AuditLog audit;

    @GET
    public List<AuditLog.Entry> list(@QueryParam("user") String user, @QueryParam("since") String since,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > AuditLog.MAX_PAGE) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"limit\" must be 1 to " + AuditLog.MAX_PAGE + ".");
        }
        Instant from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since.strip());
            } catch (DateTimeParseException e) {
                throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"since\" must be an ISO-8601 instant such as"
                        + " 2026-12-01T00:00:00Z.");
            }
        }
        return audit.list(user, from, size);
    }
}
