package io.ucfleet.sync;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.ucfleet.platform.problem.ProblemBody;

/** RFC 9457 problem+json, {@code type = urn:ucfleet:problem:<slug>}, as node-service and ctl-service answer. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 for a query parameter it cannot convert (?limit=abc): the value is wrong, not the path.
            return respond(400, "invalid-request",
                    "A path or query parameter has a value of the wrong type: " + e.getCause().getMessage() + ".");
        }
        return switch (status) {
            case 404 -> respond(404, "not-found", "No resource at this path.");
            case 405 -> respond(405, "method-not-allowed", "This method is not allowed on this path; cluster-sync is read-only.");
            case 406 -> respond(406, "not-acceptable", "No representation matches the Accept header.");
            case 415 -> respond(415, "unsupported-media-type", "This content type is not accepted here.");
            default -> respond(status, "invalid-request", e.getMessage());
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        String instance = "urn:uuid:" + UUID.randomUUID();
        LOG.errorf(e, "unexpected error, problem instance %s", instance);
        return respond(500, "internal", "An internal error occurred; it was logged as " + instance + ".");
    }

    static Response respond(int status, String slug, String detail) {
        return Response.status(status).type(ProblemBody.MEDIA_TYPE).entity(ProblemBody.of(status, slug, detail)).build();
    }
}
