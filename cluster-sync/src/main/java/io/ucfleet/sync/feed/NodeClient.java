package io.ucfleet.sync.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.sync.config.ClusterConfig;

/** A node's replication endpoints ({@code /api/v1/replication}), called as the cluster service account. */
@ApplicationScoped
public class NodeClient {
    public record Feed(String node, String epoch, long head, List<Change> changes) {
    }

    public record Version(String store, String sha256, boolean present, UUID changeId, String sourceUnit, long version,
            String origin) {
    }

    public record State(String node, String epoch, List<String> trustStores, List<Version> versions) {
    }

    public record Applied(UUID changeId, String outcome) {
    }

    public record Certificate(String store, String sha256, byte[] der) {
    }

    /**
     * A node answered, but not with success. The message (for the log) quotes the start of the
     * node's answer; {@link #status} and {@link #problemType} are what callers decide by.
     */
    public static class NodeException extends IOException {
        public final int status;
        /** The answer's problem {@code type} ({@code urn:ucfleet:problem:<slug>}), if it was problem+json. */
        public final String problemType;

        public NodeException(String message, int status, String problemType) {
            super(message);
            this.status = status;
            this.problemType = problemType;
        }
    }

    @Inject
    ObjectMapper json;
    @Inject
    ClusterConfig cluster;

    // HTTP/1.1: one connection per request in flight, so a node that died takes only its own requests with it.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public Feed changes(String url, long after, int limit, long waitMillis) throws IOException, InterruptedException {
        return get(url + "/api/v1/replication/changes?after=" + after + "&limit=" + limit + "&waitMillis=" + waitMillis,
                Duration.ofMillis(waitMillis + 10_000), new TypeReference<Feed>() {
                });
    }

    public State state(String url) throws IOException, InterruptedException {
        return get(url + "/api/v1/replication/state", Duration.ofSeconds(20), new TypeReference<State>() {
        });
    }

    public byte[] der(String url, String store, String sha256) throws IOException, InterruptedException {
        return get(url + "/api/v1/replication/certificates/" + store + "/" + sha256, Duration.ofSeconds(10),
                new TypeReference<Certificate>() {
                }).der();
    }

    public List<Applied> apply(String url, List<Change> changes) throws IOException, InterruptedException {
        HttpRequest request = request(url + "/api/v1/replication/changes", Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(changes))).build();
        return read(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), new TypeReference<List<Applied>>() {
        });
    }

    private <T> T get(String uri, Duration timeout, TypeReference<T> type) throws IOException, InterruptedException {
        return read(http.send(request(uri, timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray()), type);
    }

    private HttpRequest.Builder request(String uri, Duration timeout) {
        String basic = Base64.getEncoder().encodeToString(
                (cluster.username() + ":" + cluster.password().orElse("")).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(uri)).timeout(timeout)
                .header("Authorization", "Basic " + basic).header("Accept", "application/json");
    }

    private <T> T read(HttpResponse<byte[]> response, TypeReference<T> type) throws IOException {
        if (response.statusCode() / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            String problemType = null;
            try {
                problemType = json.readTree(body).path("type").textValue();
            } catch (IOException notJson) {
                // a bare error page: no problem type to decide by
            }
            throw new NodeException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + ": " + body.substring(0, Math.min(body.length(), 500)),
                    response.statusCode(), problemType);
        }
        return json.readValue(response.body(), type);
    }
}
