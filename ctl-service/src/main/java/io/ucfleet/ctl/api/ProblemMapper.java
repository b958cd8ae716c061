package io.ucfleet.ctl.api;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.ucfleet.ctl.cluster.ClusterException;
import io.ucfleet.platform.trustlist.TrustListFormatException;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;

/** RFC 9457 problem+json from the one catalog and renderer of {@code platform}, as node-service answers. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** The service's one body limit, named in a 413. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;

    @ServerExceptionMapper
    public Response problem(DomainProblem e) {
        return respond(e.type(), e.detail(), e.extensions());
    }

    /** A node that cannot be reached or refuses: the cluster, not the request, is at fault. Our sentence names it. */
    @ServerExceptionMapper
    public Response cluster(ClusterException e) {
        LOG.warnf(e.getCause(), "answered 502: %s", e.getMessage());
        return respond(ProblemType.CLUSTER_UNAVAILABLE, e.getMessage(), Map.of());
    }

    @ServerExceptionMapper
    public Response format(TrustListFormatException e) {
        return respond(ProblemType.INVALID_TRUST_LIST, "Not a valid CTL/ITL file: " + e.getMessage(), Map.of());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(ProblemType.UNAUTHORIZED, "Send HTTP Basic credentials.", Map.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ucfleet\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemType.FORBIDDEN, "This account may not do this; changes need the admin role.", Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        DomainProblem p = ProblemBody.httpLayer(status);
        return Response.fromResponse(respond(p.type(), p.detail(), Map.of())).status(status).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        DomainProblem clientFault = io.ucfleet.platform.http.HttpEdge.clientFault(e, maxBody.asLongValue());
        if (clientFault != null) {
            // The client's doing (a chunked body over the limit, a connection broken mid-body): no ERROR, no stack trace.
            LOG.debugf("answered %d: %s", clientFault.type().status, e.toString());
            return Response.status(clientFault.type().status).type(ProblemBody.MEDIA_TYPE).header("Connection", "close")
                    .entity(ProblemBody.of(clientFault)).build();
        }
        if (e instanceof DomainProblem p) {
            return problem(p);
        }
        String instance = ProblemBody.newInstance();
        LOG.errorf(e, "unexpected error, problem instance %s", instance);
        return Response.status(500).type(ProblemBody.MEDIA_TYPE)
                .entity(ProblemBody.of(ProblemType.INTERNAL, null, Map.of(), instance)).build();
    }

    static Response respond(ProblemType type, String detail, Map<String, Object> extensions) {
        return Response.status(type.status).type(ProblemBody.MEDIA_TYPE)
                .entity(ProblemBody.of(type, detail, extensions, ProblemBody.newInstance())).build();
    }
}
