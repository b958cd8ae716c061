package io.ucfleet.platform.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.platform.tls.MemberPins;

/**
 * The one way a ucfleet service calls a node of the cluster: HTTP with the Basic credentials of
 * the {@code cluster} service account, member URLs normalised once, one connect timeout, and
 * failures typed by what the caller should do about them ({@link Failure}): only an unavailable
 * member is worth a retry; a refusal or a misconfiguration stays what it is until someone acts.
 * Plain Java: it runs inside Quarkus services and in tests alike.
 */
public final class ClusterChannel {
    /** Why a call to a member failed. */
    public enum Failure {
        /** No connection, no answer in time, or the member answered 502/503/504: try again later. */
        UNAVAILABLE(true),
        /** The member answered and refused the request (4xx other than 401/403, or 500). */
        REFUSED(false),
        /** The member does not accept the cluster account (401/403), or the URL is not one: fix the configuration. */
        MISCONFIGURED(false);

        public final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }
    }

    /**
     * A failed call: which member, why, and (when it answered) its status, problem type and problem
     * detail (a sentence a ucfleet service wrote). The message is ours, never a library's.
     */
    public static final class CallFailed extends RuntimeException {
        public final Failure failure;
        public final String member;
        public final int status;
        public final String problemType;
        public final String problemDetail;
        /**
         * The TLS handshake failed because this side did not trust the certificate the member
         * presented ({@link io.ucfleet.platform.tls.StoreTrust}): a missing trust entry, fixed by
         * an import, not by waiting.
         */
        public final boolean untrusted;

        CallFailed(Failure failure, String member, int status, String problemType, String problemDetail, String message,
                Throwable cause) {
            this(failure, member, status, problemType, problemDetail, message, cause, false);
        }

        CallFailed(Failure failure, String member, int status, String problemType, String problemDetail, String message,
                Throwable cause, boolean untrusted) {
            super(message, cause);
            this.failure = failure;
            this.member = member;
            this.status = status;
            this.problemType = problemType;
            this.problemDetail = problemDetail;
            this.untrusted = untrusted;
        }
    }

    /** What a member answered with a 2xx status. */
    public record Reply(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // HTTP/1.1: one connection per request in flight, so a member that dies takes only its own
    // requests with it (cluster-sync's long polls), and no HTTP/2 upgrade dance on plain HTTP.
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final List<String> members;
    private final String authorization;
    private volatile HttpClient http;
    private final ObjectMapper json;
    /** What members are trusted by, when they are pinned ({@link MemberPins}); else null. */
    private final MemberPins pins;
    private volatile long pinsGeneration;

    public ClusterChannel(List<String> members, String username, String password) {
        this(members, username, password, PLAIN);
    }

    /** With the service's own {@code ObjectMapper}, so request bodies are written as its API writes them (times, ...). */
    public ClusterChannel(List<String> members, String username, String password, ObjectMapper json) {
        this(members, username, password, json, (javax.net.ssl.SSLContext) null);
    }

    /**
     * With the TLS context {@code https://} members are verified with ({@code null}: the JVM's
     * default trust): a node's is its tomcat-trust ({@link io.ucfleet.platform.tls.StoreTrust}).
     */
    public ClusterChannel(List<String> members, String username, String password, ObjectMapper json,
            javax.net.ssl.SSLContext tls) {
        this(normalised(members), basic(username, password), client(tls), json, null);
    }

    /**
     * Members verified by {@code pins}: what each presented first, or rotated to since
     * ({@link MemberPins#followRotations}, tried once when a member presents something else);
     * the connections are dropped whenever the pins forgot something.
     */
    public ClusterChannel(List<String> members, String username, String password, ObjectMapper json, MemberPins pins) {
        this(normalised(members), basic(username, password), client(pins.context()), json, pins);
    }

    private static List<String> normalised(List<String> members) {
        return members.stream().map(String::strip).filter(s -> !s.isEmpty()).map(ClusterChannel::normalise).toList();
    }

    private static HttpClient client(javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    private ClusterChannel(List<String> members, String authorization, HttpClient http, ObjectMapper json, MemberPins pins) {
        this.members = members;
        this.authorization = authorization;
        this.http = http;
        this.json = json;
        this.pins = pins;
        this.pinsGeneration = pins == null ? 0 : pins.generation();
    }

    /** The client; a new one (no pooled connection, no TLS session) once the pins forgot something since. */
    private HttpClient http() {
        if (pins != null && pins.generation() != pinsGeneration) {
            synchronized (this) {
                long generation = pins.generation();
                if (generation != pinsGeneration) {
                    http = client(pins.context());
                    pinsGeneration = generation;
                }
            }
        }
        return http;
    }

    /**
     * The same channel with other credentials: the CLI calls ctl-service as the logged-in
     * administrator, so ctl-service applies its own admin/read-only rule.
     */
    public ClusterChannel as(String username, String password) {
        return new ClusterChannel(members, basic(username, password), http(), json, pins);
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The configured members' base URLs, without trailing slashes. */
    public List<String> members() {
        return members;
    }

    public static String normalise(String baseUrl) {
        return baseUrl.strip().replaceAll("/+$", "");
    }

    /**
     * A node's base URL as a caller gave it ({@code what} names the field in the refusal): an
     * http(s) URL with a host, normalised; anything else is a 400.
     */
    public static String baseUrl(String url, String what) {
        try {
            URI uri = URI.create(url == null ? "" : url.strip());
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return normalise(uri.toString());
        } catch (IllegalArgumentException e) {
            throw new io.ucfleet.platform.problem.DomainProblem(io.ucfleet.platform.problem.ProblemType.INVALID_REQUEST,
                    what + " must be the node's base URL, e.g. https://127.0.0.1:8443 (its API is HTTPS only), not \""
                            + url + "\".");
        }
    }

    /**
     * One request; {@code body} null sends none. A 2xx answer is returned; anything else is a
     * {@link CallFailed} with its {@link Failure}.
     */
    public Reply send(String method, String baseUrl, String path, byte[] body, String contentType, Duration timeout) {
        return send(method, baseUrl, path, body, contentType, "*/*", timeout);
    }

    private Reply send(String method, String baseUrl, String path, byte[] body, String contentType, String accept,
            Duration timeout) {
        String member = normalise(baseUrl);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(member + path));
        } catch (IllegalArgumentException e) {
            throw new CallFailed(Failure.MISCONFIGURED, member, 0, null, null, "\"" + member + path + "\" is not a URL", e);
        }
        request.timeout(timeout).header("Authorization", authorization).header("Accept", accept);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<byte[]> response;
        try {
            try {
                response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // a certificate it rotated to unseen (its signed rotations lead there): trusted now, asked again
                if (pins == null || !untrusted(e) || !pins.followRotations(member)) {
                    throw e;
                }
                response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            if (untrusted(e)) {
                throw new CallFailed(Failure.MISCONFIGURED, member, 0, null, null, "cluster member " + member
                        + " presented a certificate this side does not trust (TLS handshake refused)", e, true);
            }
            throw new CallFailed(Failure.UNAVAILABLE, member, 0, null, null, "cannot reach cluster member " + member
                    + " (no connection, or no answer within " + timeout.toSeconds() + " s)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(Failure.UNAVAILABLE, member, 0, null, null, "interrupted while calling " + member, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Reply(status, response.body());
        }
        Failure failure = status == 401 || status == 403 ? Failure.MISCONFIGURED
                : status == 502 || status == 503 || status == 504 ? Failure.UNAVAILABLE : Failure.REFUSED;
        JsonNode problem = problem(response.body());
        String problemType = problem.path("type").isTextual() ? problem.path("type").asText() : null;
        String problemDetail = problem.path("detail").isTextual() ? problem.path("detail").asText() : null;
        throw new CallFailed(failure, member, status, problemType, problemDetail, "cluster member " + member + " answered " + status
                + " to " + method + " " + path + (problemType == null ? "" : " (" + problemType + ")")
                + (failure == Failure.MISCONFIGURED ? "; check ucfleet.cluster.username/password and the node's cluster account"
                        : ""), null);
    }

    /** Whether a failed exchange is this side's refusal of the member's certificate. */
    static boolean untrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t.getMessage() != null && t.getMessage().contains(io.ucfleet.platform.tls.StoreTrust.NOT_TRUSTED)) {
                return true;
            }
        }
        return false;
    }

    /** A 2xx answer's JSON body ({@code {}} when empty); a body that is not JSON is the member's fault. */
    public JsonNode json(String method, String baseUrl, String path, Object body, Duration timeout) {
        byte[] payload;
        try {
            payload = body == null ? null : json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the request to " + path, e);
        }
        Reply reply = send(method, baseUrl, path, payload, "application/json", "application/json", timeout);
        try {
            return reply.body().length == 0 ? json.createObjectNode() : json.readTree(reply.body());
        } catch (IOException e) {
            throw new CallFailed(Failure.REFUSED, normalise(baseUrl), reply.status(), null, null, "cluster member "
                    + normalise(baseUrl) + " answered " + path + " with something that is not JSON", e);
        }
    }

    /** A problem+json answer's members, or an empty object when the body is none. */
    static JsonNode problem(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : PLAIN.readTree(body);
            return node != null && node.isObject() ? node : PLAIN.createObjectNode();
        } catch (IOException | RuntimeException e) {
            return PLAIN.createObjectNode();
        }
    }
}
