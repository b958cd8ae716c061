package io.ucfleet.labca.api;

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
 * The one place lab-ca writes RFC 9457 problem+json, with {@code platform}'s catalog and renderer
 * (as node-service's mapper does). Details are enriched only below 500; anything unexpected is
 * logged under the problem's instance id and answered generically.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
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
                "Send HTTP Basic credentials of a lab-ca account.", Map.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemType.FORBIDDEN, "This account may not do this: changes need the admin role.", Map.of());
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
     * Malformed JSON, an unknown field, or a value of the wrong type: name the field, never the
     * parser's classes.
     */
    @ServerExceptionMapper({com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.core.JsonProcessingException.class})
    public Response json(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getPath().isEmpty()
                && mismatch.getTargetType() != null) {
            boolean array = java.util.Collection.class.isAssignableFrom(mismatch.getTargetType())
                    || mismatch.getTargetType().isArray();
            return respond(ProblemType.INVALID_REQUEST, "The request body must be a JSON " + (array ? "array" : "object")
                    + ".", Map.of());
        }
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            var where = e.getLocation();
            return respond(ProblemType.INVALID_REQUEST, "The request body is not valid JSON" + (where == null ? "" :
                    " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")") + ".", Map.of());
        }
        String field = mapping.getPath().stream()
                .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                .reduce((a, b) -> a + "." + b).orElse("");
        String message = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown
                ? "is not a field of this request; known fields: " + unknown.getKnownPropertyIds()
                : "has a value of the wrong type";
        return respond(ProblemType.INVALID_REQUEST, "Field \"" + field + "\" " + message + ".",
                Map.of("errors", java.util.List.of(Map.of("field", field, "message", message))));
    }

    /** A body that is not text in the encoding Jackson detected (UTF-32 guessed from NUL bytes, ...): not JSON. */
    @ServerExceptionMapper
    public Response undecodable(java.io.CharConversionException e) {
        return respond(ProblemType.INVALID_REQUEST, "The request body is not JSON text (UTF-8): its bytes do not decode.",
                Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        java.sql.SQLException unavailable = databaseUnavailable(e);
        if (unavailable != null) {
            // PostgreSQL restarting or away: the caller (cluster-sync included) retries; not a bug to log
            LOG.warnf("database unavailable, answered 503: %s", unavailable.getMessage());
            return Response.fromResponse(respond(ProblemType.DATABASE_UNAVAILABLE,
                    "lab-ca's database cannot be reached (it may be restarting); try again shortly.", Map.of()))
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
