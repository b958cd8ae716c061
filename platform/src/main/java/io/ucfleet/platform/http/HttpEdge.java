package io.ucfleet.platform.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What every service answers at the HTTP edge, before any resource runs, in the one problem+json
 * shape ({@link ProblemBody}): a request line that is not HTTP/1.0 or HTTP/1.1 (400), a
 * {@code Content-Length} above the service's body limit (413, then the connection is closed), and
 * any failure Vert.x Web's router would otherwise answer with a bare status or an ERROR log and
 * stack trace (a body the decoder could not read, a chunked body over the limit).
 * <p>
 * Installed on Quarkus' router by each service ({@code @Observes Router}) at {@link #ORDER}, just
 * before Quarkus' own upload limit ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2), so that
 * limit only ever sees bodies without a length (chunked), whose excess the body readers report as
 * 413. The request line and header limits are enforced here too ({@link #MAX_REQUEST_LINE},
 * {@link #MAX_HEADER_BYTES}: 414 and 431 problem+json): the codec's own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set higher,
 * because what the codec refuses (beyond those, or a request line or header it cannot parse: 400)
 * never reaches a router: {@link HttpGuard} rewrites those bare answers below the router into the
 * same problems ({@link #json}), and holds each connection to a request-head timeout (408).
 * <p>
 * Answers made here carry the metrics URI template {@link #UNMATCHED}, so an attacker's path never
 * becomes a tag value of {@code http_server_requests} on the open {@code /q/metrics}.
 */
public final class HttpEdge {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** Before Quarkus' upload-limit route (-2), after its access-log and body handlers. */
    public static final int ORDER = -3;
    /** The {@code uri} tag of requests refused before routing (Quarkus Micrometer reads the request context's template). */
    public static final String UNMATCHED = "/{unmatched}";
    /** The request-context key Quarkus' Micrometer binder takes the URI template from (JAX-RS sets it). */
    static final String TEMPLATE_KEY = "UrlPathTemplate";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request line a service takes ({@code METHOD SP URI SP HTTP/1.1}); the codec's limit is 64 KiB. */
    public static final int MAX_REQUEST_LINE = 4096;
    /** The header fields a service takes, names and values with their separators; the codec's limit is 64 KiB. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    /** What stays on plain HTTP when a service serves the rest on HTTPS only: health and metrics, for probes and scrapers. */
    public static final List<String> PLAIN_PATHS = List.of("/q/health", "/q/metrics");

    /**
     * HTTPS only, as a Unified CM node's Tomcat (the CONFIDENTIAL transport guarantee of its web
     * applications): a request on plain HTTP, any method, to anything but {@code plainPaths}
     * (each a path or a path prefix ending in {@code /}, or a prefix whose next character is
     * {@code /}) is answered 302 with {@code Location} the same path and query on {@code httpsPort},
     * before any authentication or resource: nothing is read or done.
     */
    public record HttpsOnly(java.util.function.IntSupplier httpsPort, List<String> plainPaths) {
        public HttpsOnly {
            plainPaths = List.copyOf(plainPaths);
        }

        boolean plain(String path) {
            if (path == null) {
                return false;
            }
            for (String prefix : plainPaths) {
                if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The HTTPS port as bound, for {@link HttpsOnly#httpsPort}: in a {@code @QuarkusTest} ({@code test})
     * {@code quarkus.http.test-ssl-port} once bound (a port 0 is the bound one after the server
     * started), else {@code quarkus.http.ssl-port}, else {@code fallback}.
     */
    public static int configuredHttpsPort(boolean test, int fallback) {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        if (test) {
            int port = config.getOptionalValue("quarkus.http.test-ssl-port", Integer.class).orElse(8444);
            if (port > 0) {
                return port;
            }
        }
        return config.getOptionalValue("quarkus.http.ssl-port", Integer.class).orElse(fallback);
    }

    private final long maxBodyBytes;
    private final HttpsOnly httpsOnly;

    private HttpEdge(long maxBodyBytes, HttpsOnly httpsOnly) {
        this.maxBodyBytes = maxBodyBytes;
        this.httpsOnly = httpsOnly;
    }

    /** The request-head timeout when a service sets none ({@code ucfleet.http.request-head-timeout}). */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);

    /** Installs the edge on a service's router; {@code maxBodyBytes} is its one body limit. */
    public static void install(Router router, long maxBodyBytes) {
        install(router, maxBodyBytes, HEAD_TIMEOUT, null);
    }

    /** Likewise, with the service's request-head timeout, and the API on both ports. */
    public static void install(Router router, long maxBodyBytes, Duration headTimeout) {
        install(router, maxBodyBytes, headTimeout, null);
    }

    /**
     * Installs the edge on a service's router, and sets the connection guard's bounds
     * ({@link HttpGuard}): {@code maxBodyBytes} is the one body limit, {@code headTimeout} the time a
     * connection has to deliver a complete request head; with {@code httpsOnly} not null, plain
     * HTTP redirects to HTTPS but for its plain paths. Call {@link HttpGuard#guardServers} once the
     * HTTP servers listen.
     */
    public static void install(Router router, long maxBodyBytes, Duration headTimeout, HttpsOnly httpsOnly) {
        HttpGuard.configure(maxBodyBytes, headTimeout);
        HttpEdge edge = new HttpEdge(maxBodyBytes, httpsOnly);
        router.route().order(ORDER).handler(edge::request);
        router.route().order(ORDER).failureHandler(edge::failure);
    }

    void request(RoutingContext context) {
        HttpGuard.adopt(context.request().connection());
        if (context.request().version() == null) {
            // Vert.x hands on request lines such as "GET / HTTP/2.0" without a version; nothing can
            // answer them as HTTP/1.1 would, so say what is wrong and close.
            refuse(context, new DomainProblem(ProblemType.INVALID_REQUEST, "The request line names a protocol other"
                    + " than HTTP/1.0 or HTTP/1.1. HTTP/2 is spoken after TLS ALPN or with prior knowledge, never"
                    + " in an HTTP/1 request line."), true);
            return;
        }
        int line = context.request().method().name().length() + context.request().uri().length() + 10;
        if (line > MAX_REQUEST_LINE) {
            refuse(context, uriTooLong("The request line is " + line + " bytes"), true);
            return;
        }
        int headers = 0;
        for (var header : context.request().headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headers > MAX_HEADER_BYTES) {
            refuse(context, headersTooLarge("The header fields are " + headers + " bytes"), true);
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes < 0) {
                refuse(context, new DomainProblem(ProblemType.INVALID_REQUEST, "The Content-Length header "
                        + ProblemBody.quote(length) + " is not a number of bytes."), true);
                return;
            }
            if (bytes > maxBodyBytes) {
                refuse(context, tooLarge(maxBodyBytes), true);
                return;
            }
        }
        if (httpsOnly != null && !context.request().isSSL() && !httpsOnly.plain(context.request().path())) {
            redirect(context);
            return;
        }
        context.next();
    }

    /**
     * The 302 of Tomcat's CONFIDENTIAL guarantee, for any method, to the same path and query on
     * the HTTPS port of the host the client named (its Host header, as Tomcat's
     * {@code request.getServerName()}; the local address when it named none or nothing usable).
     * The request's credentials are not looked at and its body is not used; a body the client
     * sends is drained as on any answered request.
     */
    private void redirect(RoutingContext context) {
        String host = hostOf(context.request().getHeader(HttpHeaders.HOST));
        if (host == null) {
            var local = context.request().localAddress();
            host = local == null || local.hostAddress() == null ? "localhost" : local.hostAddress();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
        }
        int port = httpsOnly.httpsPort().getAsInt();
        String location = "https://" + host + ":" + port + context.request().uri();
        LOG.debugf("%s %s on plain HTTP: redirected to HTTPS", context.request().method(), context.request().path());
        context.response().putHeader(HttpHeaders.LOCATION, location);
        refuse(context, new DomainProblem(ProblemType.HTTPS_REQUIRED, "This service answers its API on HTTPS only; send"
                + " the request to " + ProblemBody.quote(location) + " (the same path on HTTPS port " + port
                + "). Nothing was done.", Map.of("location", location)), false);
    }

    /** The host of a Host header without its port, or null when it is none a URL may carry. */
    static String hostOf(String header) {
        if (header == null || header.isBlank() || header.length() > 255) {
            return null;
        }
        String value = header.strip();
        String host;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0 || !value.substring(1, end).matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
            host = value.substring(0, end + 1);
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                return null;
            }
        }
        return host;
    }

    void failure(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (response.ended() || response.closed() || response.headWritten()) {
            // The client broke the exchange (a chunked body the decoder could not read, a reset):
            // nothing can be answered any more; a client's doing, not ours, so not an ERROR.
            LOG.debugf("%s %s: the connection broke before an answer (%s)", context.request().method(),
                    context.request().path(), failure == null ? "status " + status : failure.toString());
            return;
        }
        if (status == 413 || isTooLarge(failure)) {
            refuse(context, tooLarge(maxBodyBytes), true);
            return;
        }
        if (status >= 400 && status < 500) {
            DomainProblem problem = ProblemBody.httpLayer(status);
            LOG.debugf("%s %s: %d at the HTTP layer", context.request().method(), context.request().path(), status);
            refuse(context, problem, status, false);
            return;
        }
        if (isUnreadableBody(failure)) {
            LOG.debugf("%s %s: unreadable request body (%s)", context.request().method(), context.request().path(),
                    failure.toString());
            refuse(context, new DomainProblem(ProblemType.INVALID_REQUEST, "The request body cannot be read as HTTP/1.1"
                    + " sends it (a malformed chunk or a body cut short)."), true);
            return;
        }
        context.next(); // Quarkus' handler: 500 with its error id, logged
    }

    /**
     * The client's fault behind an exception a body reader threw, as the problem to answer, or
     * null: a body over the limit while it was read (chunked, so no Content-Length said so first:
     * 413), or a body the connection broke off (400). Problem mappers ask this before treating an
     * exception as unexpected, so neither is logged as an ERROR with a stack trace.
     */
    public static DomainProblem clientFault(Throwable failure, long maxBodyBytes) {
        if (isTooLarge(failure)) {
            return tooLarge(maxBodyBytes);
        }
        if (isMalformedMultipart(failure)) {
            return new DomainProblem(ProblemType.INVALID_REQUEST, "The multipart/form-data body cannot be parsed (its"
                    + " boundary, part headers or closing delimiter); send the file as curl -F file=@cert.pem does.");
        }
        if (isUnreadableBody(failure)) {
            return new DomainProblem(ProblemType.INVALID_REQUEST, "The request body cannot be read as HTTP/1.1 sends it"
                    + " (a malformed chunk or a body cut short).");
        }
        return null;
    }

    /** 414 {@code uri-too-long}: {@code what} says how long the line is; the limit is {@link #MAX_REQUEST_LINE}. */
    static DomainProblem uriTooLong(String what) {
        return new DomainProblem(ProblemType.URI_TOO_LONG, what + "; at most " + MAX_REQUEST_LINE + " bytes are taken (a"
                + " shorter query, or the value in a body).", Map.of("limit", MAX_REQUEST_LINE));
    }

    /** 431 {@code headers-too-large}: {@code what} says how large they are; the limit is {@link #MAX_HEADER_BYTES}. */
    static DomainProblem headersTooLarge(String what) {
        return new DomainProblem(ProblemType.HEADERS_TOO_LARGE, what + "; at most " + MAX_HEADER_BYTES + " bytes are taken.",
                Map.of("limit", MAX_HEADER_BYTES));
    }

    static DomainProblem tooLarge(long maxBodyBytes) {
        return new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than this service's limit"
                + " of " + maxBodyBytes + " bytes.", Map.of("limit", maxBodyBytes));
    }

    private static boolean isTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("Request Entity Too Large") || message.contains("Size exceed allowed")
                    || t instanceof java.io.IOException && message.equals("Request too large"))) {
                return true;
            }
        }
        return false;
    }

    /** Quarkus REST's multipart parser gives up on a body that is not the multipart it says it is. */
    private static boolean isMalformedMultipart(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] stack = t.getStackTrace();
            if (t instanceof java.io.IOException && stack.length > 0
                    && stack[0].getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnreadableBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.startsWith("io.netty.handler.codec.")) {
                return true;
            }
            // The body reader's own I/O failure: the client's connection, not a database or a peer.
            if ((t instanceof java.io.IOException || name.equals("io.vertx.core.VertxException")) && fromHttpLayer(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fromHttpLayer(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0) {
            return t.getClass().getName().equals("io.vertx.core.VertxException");
        }
        String where = stack[0].getClassName();
        return where.startsWith("org.jboss.resteasy.reactive.server.vertx.") || where.startsWith("io.vertx.core.http.")
                || where.startsWith("io.vertx.core.net.") || where.startsWith("io.quarkus.vertx.");
    }

    private void refuse(RoutingContext context, DomainProblem problem, boolean close) {
        refuse(context, problem, problem.type().status, close);
    }

    private static void refuse(RoutingContext context, DomainProblem problem, int status, boolean close) {
        Context vertx = Vertx.currentContext();
        if (vertx != null && vertx.getLocal(TEMPLATE_KEY) == null) {
            vertx.putLocal(TEMPLATE_KEY, UNMATCHED);
        }
        String json = json(problem, status);
        HttpServerResponse response = context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemBody.MEDIA_TYPE);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(done -> context.request().connection().close());
        }
        response.end(json);
    }

    /** The one problem+json text of the edge, for {@code status} (the problem type's own, or the HTTP layer's). */
    static String json(DomainProblem problem, int status) {
        Map<String, Object> body = ProblemBody.of(problem);
        body.put("status", status);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
