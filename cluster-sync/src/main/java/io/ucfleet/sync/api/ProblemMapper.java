package io.ucfleet.sync.api;

import java.sql.SQLException;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;

/**
 * RFC 9457 problem+json from platform's one catalog and renderer, as node-service and
 * ctl-service answer. The detail is always a sentence of ours, never an exception's message;
 * the cause of a 5xx is logged under the problem's instance.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** The service's one body limit, named in a 413. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;
    private static final int MAX_ECHO = 200;

    @ServerExceptionMapper
    public Response problem(DomainProblem e) {
        return Response.status(e.type().status).type(ProblemBody.MEDIA_TYPE).entity(ProblemBody.of(e)).build();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequest e) {
        return respond(ProblemType.INVALID_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 for a query parameter it cannot convert (?limit=abc): the value is wrong, not the path.
            return respond(ProblemType.INVALID_REQUEST, "A path or query parameter has a value of the wrong type: "
                    + query(uri) + ".");
        }
        DomainProblem p = ProblemBody.httpLayer(status);
        return Response.fromResponse(respond(p.type(), p.detail())).status(status).build();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(ProblemType.UNAUTHORIZED, "Send HTTP Basic credentials."))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ucfleet\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemType.FORBIDDEN, "This account may not do this; changes need the admin role.");
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(SQLException e) {
        LOG.warnf("database unavailable, answered 503: %s", e.toString());
        return Response.fromResponse(respond(ProblemType.DATABASE_UNAVAILABLE,
                "cluster-sync's database cannot be reached; try again shortly.")).header("Retry-After", "1").build();
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
        String instance = ProblemBody.newInstance();
        LOG.errorf(e, "unexpected error, problem instance %s", instance);
        return Response.status(500).type(ProblemBody.MEDIA_TYPE)
                .entity(ProblemBody.of(ProblemType.INTERNAL, null, java.util.Map.of(), instance)).build();
    }

    /** The request's query parameters as sent (the client's own input, shortened), to say which value is wrong. */
    private static String query(UriInfo uri) {
        String query = uri.getQueryParameters().entrySet().stream()
                .flatMap(p -> p.getValue().stream().map(v -> p.getKey() + "=" + v)).collect(Collectors.joining("&"));
        return query.length() > MAX_ECHO ? query.substring(0, MAX_ECHO) + "..." : query;
    }

    static Response respond(ProblemType type, String detail) {
        return Response.status(type.status).type(ProblemBody.MEDIA_TYPE).entity(ProblemBody.of(type, detail)).build();
    }
}
