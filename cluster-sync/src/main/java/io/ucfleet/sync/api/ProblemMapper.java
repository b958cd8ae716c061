package io.ucfleet.sync.api;

import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.ucfleet.platform.problem.ProblemBody;

/**
 * RFC 9457 problem+json, {@code type = urn:ucfleet:problem:<slug>}, as node-service and
 * ctl-service answer. The detail is always a sentence of ours, never an exception's message;
 * the cause of a 5xx is logged under the problem's instance.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final int MAX_ECHO = 200;

    @ServerExceptionMapper
    public Response invalid(InvalidRequest e) {
        return respond(400, "invalid-request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 for a query parameter it cannot convert (?limit=abc): the value is wrong, not the path.
            return respond(400, "invalid-request", "A path or query parameter has a value of the wrong type: "
                    + query(uri) + ".");
        }
        return switch (status) {
            case 404 -> respond(404, "not-found", "No resource at this path.");
            case 405 -> respond(405, "method-not-allowed", "This method is not allowed on this path; cluster-sync is read-only.");
            case 406 -> respond(406, "not-acceptable", "No representation matches the Accept header.");
            case 415 -> respond(415, "unsupported-media-type", "This content type is not accepted here.");
            default -> respond(status, "invalid-request", "The request was refused (HTTP " + status + ").");
        };
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(SQLException e) {
        LOG.warnf("database unavailable, answered 503: %s", e.toString());
        return Response.status(503).type(ProblemBody.MEDIA_TYPE).header("Retry-After", "1").entity(ProblemBody.of(503,
                "database-unavailable", "cluster-sync's database cannot be reached; try again shortly.")).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        String instance = "urn:uuid:" + UUID.randomUUID();
        LOG.errorf(e, "unexpected error, problem instance %s", instance);
        return respond(500, "internal", "An internal error occurred; it was logged as " + instance + ".");
    }

    /** The request's query parameters as sent (the client's own input, shortened), to say which value is wrong. */
    private static String query(UriInfo uri) {
        String query = uri.getQueryParameters().entrySet().stream()
                .flatMap(p -> p.getValue().stream().map(v -> p.getKey() + "=" + v)).collect(Collectors.joining("&"));
        return query.length() > MAX_ECHO ? query.substring(0, MAX_ECHO) + "..." : query;
    }

    static Response respond(int status, String slug, String detail) {
        return Response.status(status).type(ProblemBody.MEDIA_TYPE).entity(ProblemBody.of(status, slug, detail)).build();
    }
}
