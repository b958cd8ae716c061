package io.ucfleet.node.authz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;

/**
 * Carries the AUTHZ keys from the publisher to every member of {@code ucfleet.cluster.members},
 * over the cluster's own channel (HTTP Basic with the {@code cluster} service account), on its
 * own and independent of cluster-sync: the publisher pushes right after a regeneration, and
 * every other node pulls at start and every {@code ucfleet.authz.pull-interval}, so a node
 * that was down catches up. Key material is wrapped ({@link KeyTransport}) and never logged.
 */
@ApplicationScoped
public class AuthzDistribution {
    private static final Logger LOG = Logger.getLogger(AuthzDistribution.class);
    static final String PATH = "/api/v1/authz/keys/distribution";

    @Inject
    AuthzKeys keys;
    @Inject
    Node node;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "ucfleet.cluster.members")
    Optional<List<String>> members;
    @ConfigProperty(name = "ucfleet.cluster.username")
    Optional<String> username;
    @ConfigProperty(name = "ucfleet.cluster.password")
    Optional<String> password;
    @ConfigProperty(name = "ucfleet.authz.request-timeout", defaultValue = "5s")
    Duration timeout;
    @ConfigProperty(name = "ucfleet.authz.pull-interval", defaultValue = "60s")
    Duration pullInterval;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile KeyTransport transport;
    private volatile String lastPullProblem;
    private volatile Instant lastPull;

    /** What one member answered to a push. */
    public record Delivery(String member, String outcome, String detail) {
    }

    /** The wrapping key, derived once from the cluster account's password. */
    public KeyTransport transport() {
        KeyTransport t = transport;
        if (t == null) {
            String secret = password.filter(p -> !p.isBlank()).orElseThrow(() -> new DomainProblem(
                    ProblemType.AUTHZ_KEYS_UNAVAILABLE,
                    "This node has no cluster service account (ucfleet.cluster.username/password), so it cannot exchange AUTHZ keys."));
            t = new KeyTransport(secret, node.clusterName(), new SecureRandom());
            transport = t;
        }
        return t;
    }

    /** Publisher, after a regeneration: hand the new keys to every member now. */
    public List<Delivery> push() {
        List<Delivery> deliveries = new ArrayList<>();
        if (members().isEmpty()) {
            return deliveries;
        }
        String body;
        try {
            body = json.writeValueAsString(keys.distribution(transport()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the AUTHZ key distribution", e);
        }
        for (String member : members()) {
            try {
                HttpResponse<String> response = http.send(request(member).PUT(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    var applied = json.readValue(response.body(), AuthzKeys.Applied.class);
                    deliveries.add(new Delivery(member, "delivered", "signing " + applied.signing().name().toLowerCase()
                            + ", encryption " + applied.encryption().name().toLowerCase()));
                } else {
                    deliveries.add(new Delivery(member, "refused", "HTTP " + response.statusCode() + " " + problemDetail(response)));
                }
            } catch (java.io.IOException e) {
                deliveries.add(new Delivery(member, "unreachable", e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; it catches up when it pulls"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deliveries.add(new Delivery(member, "unreachable", "interrupted"));
            }
        }
        deliveries.forEach(d -> LOG.infof("AUTHZ keys to %s: %s (%s)", d.member(), d.outcome(), d.detail()));
        return deliveries;
    }

    /**
     * Non-publisher: fetch the keys from whichever member is the publisher (the others answer
     * 409). Ticks every retry-interval until a pull succeeds (the publisher may start later),
     * then pulls once per pull-interval.
     */
    @Scheduled(identity = "authz-pull", every = "${ucfleet.authz.retry-interval:5s}",
            delayed = "${ucfleet.authz.pull-delay:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pull() {
        if (keys.isPublisher() || members().isEmpty() || password.filter(p -> !p.isBlank()).isEmpty()) {
            return;
        }
        Instant last = lastPull;
        if (last != null && Instant.now().isBefore(last.plus(pullInterval))) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String member : members()) {
            try {
                HttpResponse<String> response = http.send(request(member).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    keys.apply(json.readValue(response.body(), AuthzKeys.Distribution.class), transport());
                    lastPull = Instant.now();
                    if (lastPullProblem != null) {
                        LOG.infof("AUTHZ keys pulled from %s again", member);
                    }
                    lastPullProblem = null;
                    return;
                }
                problems.add(member + ": HTTP " + response.statusCode());
            } catch (java.io.IOException | RuntimeException e) {
                problems.add(member + ": " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String problem = "no member gave the AUTHZ keys (" + String.join("; ", problems) + "); retrying";
        if (!problem.equals(lastPullProblem)) {
            LOG.warn(problem); // once per distinct failure, not every interval
        }
        lastPullProblem = problem;
    }

    private List<String> members() {
        return members.orElse(List.of()).stream().map(String::trim).filter(m -> !m.isEmpty())
                .map(m -> m.endsWith("/") ? m.substring(0, m.length() - 1) : m).toList();
    }

    private HttpRequest.Builder request(String member) {
        String credentials = username.orElse("cluster") + ":" + password.orElse("");
        return HttpRequest.newBuilder(URI.create(member + PATH)).timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private String problemDetail(HttpResponse<String> response) {
        try {
            return json.readTree(response.body()).path("detail").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
