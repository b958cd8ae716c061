package io.ucfleet.node.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.node.peers.ClusterMembers;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The cluster's other services as the CLI reaches them, over the shared {@link ClusterChannel}:
 * ctl-service (mode, CTL and ITL files) with the logged-in account's own credentials, so
 * ctl-service applies its own admin/read-only rule, and cluster-sync's status, which is open.
 * Both are optional: a node without them says so.
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
    ClusterMembers members;

    /** A ctl-service path as the account; answers the body text, or a problem naming what went wrong. */
    public String ctl(String method, String path, Account account) {
        URI base = ctlUrl.orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND,
                "This node has no ctl-service configured (ucfleet.ctl.url), so it cannot reach the CTL files."));
        try {
            return members.channel().as(account.username(), account.password())
                    .send(method, base.toString(), path, null, null, Duration.ofSeconds(60)).text();
        } catch (ClusterChannel.CallFailed e) {
            throw problem("ctl-service", base, e);
        }
    }

    /** cluster-sync's {@code GET /api/v1/sync}. */
    public JsonNode syncStatus() {
        URI base = syncUrl.orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND,
                "This node has no cluster-sync configured (ucfleet.sync.url), so it cannot show the replication state."));
        try {
            return members.channel().json("GET", base.toString(), "/api/v1/sync", null, Duration.ofSeconds(10));
        } catch (ClusterChannel.CallFailed e) {
            throw problem("cluster-sync", base, e);
        }
    }

    private static DomainProblem problem(String service, URI base, ClusterChannel.CallFailed e) {
        return switch (e.failure) {
            case UNAVAILABLE -> new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + " at " + base.getAuthority()
                    + " cannot be reached" + (e.status == 0 ? "." : " (HTTP " + e.status + ")."));
            case MISCONFIGURED -> new DomainProblem(ProblemType.FORBIDDEN, service + " refused this account ("
                    + e.status + ").");
            case REFUSED -> new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + ": " + (e.problemDetail == null
                    ? "HTTP " + e.status : e.problemDetail));
        };
    }
}
