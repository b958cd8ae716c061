package io.ucfleet.node.authz;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.peers.ClusterMembers;
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
    @Inject
    ClusterMembers cluster;
    @ConfigProperty(name = "ucfleet.authz.request-timeout", defaultValue = "5s")
    Duration timeout;
    @ConfigProperty(name = "ucfleet.authz.pull-interval", defaultValue = "60s")
    Duration pullInterval;

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
            String secret = cluster.password().orElseThrow(() -> new DomainProblem(
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
        if (cluster.urls().isEmpty()) {
            return deliveries;
        }
        AuthzKeys.Distribution body = keys.distribution(transport());
        for (String member : cluster.urls()) {
            try {
                ClusterMembers.Reply reply = cluster.send("PUT", member, PATH, body, timeout);
                if (reply.status() == 200) {
                    var applied = json.readValue(reply.body(), AuthzKeys.Applied.class);
                    deliveries.add(new Delivery(member, "delivered", "signing " + applied.signing().name().toLowerCase()
                            + ", encryption " + applied.encryption().name().toLowerCase()));
                } else {
                    deliveries.add(new Delivery(member, "refused", "HTTP " + reply.status() + " " + problemDetail(reply)));
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
        if (keys.isPublisher() || cluster.urls().isEmpty() || cluster.password().isEmpty()) {
            return;
        }
        Instant last = lastPull;
        if (last != null && Instant.now().isBefore(last.plus(pullInterval))) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String member : cluster.urls()) {
            try {
                ClusterMembers.Reply reply = cluster.send("GET", member, PATH, null, timeout);
                if (reply.status() == 200) {
                    keys.apply(json.readValue(reply.body(), AuthzKeys.Distribution.class), transport());
                    lastPull = Instant.now();
                    if (lastPullProblem != null) {
                        LOG.infof("AUTHZ keys pulled from %s again", member);
                    }
                    lastPullProblem = null;
                    return;
                }
                problems.add(member + ": HTTP " + reply.status());
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

    private String problemDetail(ClusterMembers.Reply reply) {
        try {
            return json.readTree(reply.body()).path("detail").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
