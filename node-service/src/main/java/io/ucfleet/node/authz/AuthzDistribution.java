package io.ucfleet.node.authz;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.NodeWasReset;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.peers.ClusterMembers;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

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
    AuthzKeyCopies copies;
    @Inject
    Node node;
    @Inject
    ObjectMapper json;
    @Inject
    ClusterMembers cluster;
    @Inject
    Clock clock;
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
        AuthzKeyCopies.Distribution body = copies.distribution(transport());
        for (String member : cluster.urls()) {
            try {
                var applied = json.treeToValue(cluster.channel().json("PUT", member, PATH, body, timeout),
                        AuthzKeyCopies.Applied.class);
                deliveries.add(new Delivery(member, "delivered", "signing " + applied.signing().name().toLowerCase()
                        + ", encryption " + applied.encryption().name().toLowerCase()));
            } catch (ClusterChannel.CallFailed e) {
                deliveries.add(e.untrusted ? new Delivery(member, "untrusted", ClusterMembers.untrusted(e).getMessage())
                        : e.failure == ClusterChannel.Failure.UNAVAILABLE
                        ? new Delivery(member, "unreachable", e.getMessage() + "; it catches up when it pulls")
                        : new Delivery(member, "refused", "HTTP " + e.status + " " + (e.problemDetail == null ? ""
                                : e.problemDetail)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                deliveries.add(new Delivery(member, "refused", "its answer is not an AUTHZ key acknowledgement"));
            }
        }
        deliveries.forEach(d -> LOG.infof("AUTHZ keys to %s: %s (%s)", d.member(), d.outcome(), d.detail()));
        return deliveries;
    }

    /** The keys were wiped: a non-publisher pulls them again at the next tick, not a pull-interval later. */
    void onReset(@Observes NodeWasReset reset) {
        lastPull = null;
        lastPullProblem = null;
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
        if (last != null && clock.instant().isBefore(last.plus(pullInterval))) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String member : cluster.urls()) {
            try {
                copies.apply(json.treeToValue(cluster.channel().json("GET", member, PATH, null, timeout),
                        AuthzKeyCopies.Distribution.class), transport());
                lastPull = clock.instant();
                if (lastPullProblem != null) {
                    LOG.infof("AUTHZ keys pulled from %s again", member);
                }
                lastPullProblem = null;
                return;
            } catch (ClusterChannel.CallFailed e) {
                problems.add(member + ": " + (e.untrusted ? ClusterMembers.REMOTE_NODE_ERROR + " (its certificate is not in"
                        + " this node's tomcat-trust)" : e.status == 0 ? "unreachable" : "HTTP " + e.status));
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
                problems.add(member + ": " + e.getClass().getSimpleName());
            }
        }
        String problem = "no member gave the AUTHZ keys (" + String.join("; ", problems) + "); retrying";
        if (!problem.equals(lastPullProblem)) {
            LOG.warn(problem); // once per distinct failure, not every interval
        }
        lastPullProblem = problem;
    }

}
