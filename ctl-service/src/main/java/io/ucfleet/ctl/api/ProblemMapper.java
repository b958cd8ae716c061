package io.ucfleet.ctl.api;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.ucfleet.ctl.cluster.ClusterException;
import io.ucfleet.ctl.tlv.TrustListFormatException;
import io.ucfleet.ctl.trustlist.CtlProblem;
import io.ucfleet.platform.problem.ProblemBody;

/** RFC 9457 problem+json, {@code type = urn:ucfleet:problem:<slug>}, as node-service answers. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(CtlProblem e) {
        return respond(e.status, e.slug, e.getMessage());
    }

    /** A node that cannot be reached or refuses: the cluster, not the request, is at fault. */
    @ServerExceptionMapper
    public Response cluster(ClusterException e) {
        return respond(502, "cluster-unavailable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response format(TrustListFormatException e) {
        return respond(400, "invalid-trust-list", "Not a valid CTL/ITL file: " + e.getMessage());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(401, "unauthorized", "Send HTTP Basic credentials."))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ucfleet\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, "forbidden", "This account may not do this; changes need the admin role.");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return respond(status, status == 404 ? "not-found" : status == 405 ? "method-not-allowed" : "invalid-request",
                status == 404 ? "No resource at this path." : "The request could not be read.");
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (e instanceof CtlProblem p) {
            return problem(p);
        }
        String instance = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error, problem instance %s", instance);
        return respond(500, "internal", "Internal error; see the log for instance " + instance + ".");
    }

    static Response respond(int status, String slug, String detail) {
        return Response.status(status).type(ProblemBody.MEDIA_TYPE).entity(ProblemBody.of(status, slug, detail)).build();
    }
}
