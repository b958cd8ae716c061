package io.ucfleet.node.api;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The one place that writes RFC 9457 problem+json. Details are enriched only below 500;
 * anything unexpected is logged under the problem's instance id and answered generically.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** The service's one body limit, named in a 413. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;
    public static final String PROBLEM_JSON = ProblemBody.MEDIA_TYPE;
    /** Realm of the HTTP Basic challenge. */
    public static final String REALM = "ucfleet";

    @ServerExceptionMapper
    public Response domain(DomainProblem problem) {
        return respond(problem.type(), problem.detail(), problem.extensions());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(ProblemType.UNAUTHORIZED,
                "Send HTTP Basic credentials of an administrator account.", Map.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemType.FORBIDDEN, "This account may not do this: changes need the admin role, node-to-node paths the cluster service account.", Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return json(json);
            }
            if (cause instanceof DomainProblem problem) {
                return domain(problem);
            }
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 for a path or query parameter it cannot convert (?after=abc): the
            // path exists, the value is wrong.
            return respond(ProblemType.INVALID_REQUEST, "A path or query parameter has a value of the wrong type: "
                    + sent(uri) + ".", Map.of());
        }
        DomainProblem p = ProblemBody.httpLayer(status);
        return Response.fromResponse(respond(p.type(), p.detail(), Map.of())).status(status).build();
    }

    /**
     * Malformed JSON, an unknown field, a key given twice, a value of the wrong type or a body over
     * a JSON limit: name the field (or the place), never the parser's classes or messages.
     */
    @ServerExceptionMapper({com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.core.JsonProcessingException.class})
    public Response json(com.fasterxml.jackson.core.JsonProcessingException e) {
        LOG.debugf("refused a JSON body: %s", e.getOriginalMessage());
        return respond(JsonRefusal.of(e));
    }

    /** A DTO Jackson cannot build is our bug, not the client's: 500, logged. */
    @ServerExceptionMapper
    public Response definition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e) {
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        DomainProblem clientFault = io.ucfleet.platform.http.HttpEdge.clientFault(e, maxBody.asLongValue());
        if (clientFault != null) {
            // The client's doing (a chunked body over the limit, a connection broken mid-body): no ERROR, no stack trace.
            LOG.debugf("answered %d: %s", clientFault.type().status, e.toString());
            return Response.status(clientFault.type().status).type(ProblemBody.MEDIA_TYPE).header("Connection", "close")
                    .entity(ProblemBody.of(clientFault)).build();
        }
        java.sql.SQLException unavailable = databaseUnavailable(e);
        if (unavailable != null) {
            // PostgreSQL restarting or away: the caller (cluster-sync included) retries; not a bug to log
            LOG.warnf("database unavailable, answered 503: %s", unavailable.getMessage());
            return Response.fromResponse(respond(ProblemType.DATABASE_UNAVAILABLE,
                    "The node's database cannot be reached (it may be restarting); try again shortly.", Map.of()))
                    .header(HttpHeaders.RETRY_AFTER, "1").build();
        }
        String instance = ProblemBody.newInstance();
        LOG.errorf(e, "unexpected error, problem instance %s", instance);
        return build(ProblemType.INTERNAL, null, Map.of(), instance);
    }

    /**
     * The cause that says PostgreSQL cannot be reached: SQLSTATE class 08 (connection exception)
     * or 57P01-57P03 (shutting down, crash shutdown, cannot connect now); null for anything else.
     */
    static java.sql.SQLException databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return sql;
            }
        }
        return null;
    }

    static Response respond(DomainProblem problem) {
        return respond(problem.type(), problem.detail(), problem.extensions());
    }

    static Response respond(ProblemType type, String detail, Map<String, Object> extensions) {
        return build(type, detail, extensions, ProblemBody.newInstance());
    }

    private static Response build(ProblemType type, String detail, Map<String, Object> extensions, String instance) {
        return Response.status(type.status).type(PROBLEM_JSON).entity(ProblemBody.of(type, detail, extensions, instance))
                .build();
    }

    /** The request's parameters as the client sent them (its own input, shortened), never a converter's message. */
    private static String sent(jakarta.ws.rs.core.UriInfo uri) {
        var parameters = new java.util.ArrayList<String>();
        uri.getPathParameters().forEach((k, v) -> v.forEach(value -> parameters.add(k + "=\"" + value + "\"")));
        uri.getQueryParameters().forEach((k, v) -> v.forEach(value -> parameters.add(k + "=\"" + value + "\"")));
        String text = String.join(", ", parameters);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
