package io.ucfleet.node.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;

/**
 * The cluster's other services as the CLI reaches them: ctl-service (mode, CTL and ITL files)
 * with the logged-in account's own credentials, so ctl-service applies its own admin/read-only
 * rule, and cluster-sync's status, which is open. Both are optional: a node without them says so.
 */
@ApplicationScoped
public class ClusterServices {
    /** Base URL of ctl-service, e.g. {@code http://127.0.0.1:8095}; unset: no {@code utils ctl}, {@code show ctl}. */
    @ConfigProperty(name = "ucfleet.ctl.url")
    Optional<URI> ctlUrl;
    /** Base URL of cluster-sync, e.g. {@code http://127.0.0.1:8090}; unset: no {@code utils dbreplication runtimestate}. */
    @ConfigProperty(name = "ucfleet.sync.url")
    Optional<URI> syncUrl;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A ctl-service path as the account; answers the body text, or a problem naming what went wrong. */
    public String ctl(String method, String path, Account account) {
        URI base = ctlUrl.orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND,
                "This node has no ctl-service configured (ucfleet.ctl.url), so it cannot reach the CTL files."));
        String basic = Base64.getEncoder().encodeToString((account.username() + ":" + account.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + basic).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return send(request, "ctl-service");
    }

    /** cluster-sync's {@code GET /api/v1/sync}. */
    public JsonNode syncStatus() {
        URI base = syncUrl.orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND,
                "This node has no cluster-sync configured (ucfleet.sync.url), so it cannot show the replication state."));
        String body = send(HttpRequest.newBuilder(base.resolve("/api/v1/sync")).timeout(Duration.ofSeconds(10)).GET().build(),
                "cluster-sync");
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "cluster-sync answered something that is not its status.");
        }
    }

    private String send(HttpRequest request, String service) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + " at " + request.uri().getAuthority()
                    + " cannot be reached (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "Interrupted while waiting for " + service + ".");
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new DomainProblem(ProblemType.FORBIDDEN, service + " refused this account ("
                    + response.statusCode() + ").");
        }
        throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + ": " + detail(response));
    }

    /** The problem+json detail both services answer with, else the status. */
    private String detail(HttpResponse<String> response) {
        try {
            JsonNode problem = json.readTree(response.body());
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the status
        }
        return "HTTP " + response.statusCode();
    }
}
