package io.ucfleet.node.cli;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.tls.ServicesTrust;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The cluster's other services as the CLI reaches them, over a {@link ClusterChannel} of their own:
 * ctl-service (mode, CTL and ITL files) with the logged-in account's own credentials, so
 * ctl-service applies its own admin/read-only rule, and cluster-sync's status as the cluster
 * account. Both are optional: a node without them says so. They are ucfleet's services, not
 * nodes, so they are verified by the fleet services CA ({@code ucfleet.services.ca}, platform's
 * {@link ServicesTrust}: PKIX, host name checked), not by this node's tomcat-trust; without it
 * the calls are encrypted and unverified (one WARN). A certificate the CA does not verify is a 502
 * {@code peer-unavailable} with {@code failure: untrusted} naming the failed verification.
 */
@ApplicationScoped
public class ClusterServices {
    /** Base URL of ctl-service, e.g. {@code https://127.0.0.1:8490} (its API is HTTPS only); unset: no {@code utils ctl}, {@code show ctl}. */
    @ConfigProperty(name = "ucfleet.ctl.url")
    Optional<URI> ctlUrl;
    /** Base URL of cluster-sync, e.g. {@code https://127.0.0.1:8480} (its API is HTTPS only); unset: no {@code utils dbreplication runtimestate}. */
    @ConfigProperty(name = "ucfleet.sync.url")
    Optional<URI> syncUrl;
    @ConfigProperty(name = "ucfleet.cluster.username")
    Optional<String> username;
    @ConfigProperty(name = "ucfleet.cluster.password")
    Optional<String> password;
    @ConfigProperty(name = ServicesTrust.CA_PROPERTY)
    Optional<String> servicesCa;

    private volatile ClusterChannel services;

    /** The channel to cluster-sync and ctl-service, verifying them by the services CA; opened on first use. */
    ClusterChannel services() {
        ClusterChannel c = services;
        if (c == null) {
            synchronized (this) {
                if (services == null) {
                    services = new ClusterChannel(List.of(), username.orElse(Roles.CLUSTER), password.orElse(""),
                            new com.fasterxml.jackson.databind.ObjectMapper(), ServicesTrust.context(
                                    servicesCa.filter(s -> !s.isBlank()).map(java.nio.file.Path::of), "the node's CLI"));
                }
                c = services;
            }
        }
        return c;
    }

    /** A ctl-service path as the account; answers the body text, or a problem naming what went wrong. */
    public String ctl(String method, String path, Account account) {
        URI base = ctlUrl.orElseThrow(() -> new DomainProblem(ProblemType.NOT_FOUND,
                "This node has no ctl-service configured (ucfleet.ctl.url), so it cannot reach the CTL files."));
        try {
            return services().as(account.username(), account.password())
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
            return services().json("GET", base.toString(), "/api/v1/sync", null, Duration.ofSeconds(10));
        } catch (ClusterChannel.CallFailed e) {
            throw problem("cluster-sync", base, e);
        }
    }

    private static DomainProblem problem(String service, URI base, ClusterChannel.CallFailed e) {
        if (e.untrusted) {
            return new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + " at " + base.getAuthority() + " cannot be"
                    + " reached: its certificate failed verification (" + verification(e) + "). Check "
                    + ServicesTrust.CA_PROPERTY + " and the certificate " + service + " presents.",
                    Map.of("failure", "untrusted", "member", e.member));
        }
        return switch (e.failure) {
            case UNAVAILABLE -> new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + " at " + base.getAuthority()
                    + " cannot be reached" + (e.status == 0 ? "." : " (HTTP " + e.status + ")."));
            case MISCONFIGURED -> new DomainProblem(ProblemType.FORBIDDEN, service + " refused this account ("
                    + e.status + ").");
            case REFUSED -> new DomainProblem(ProblemType.PEER_UNAVAILABLE, service + ": " + (e.problemDetail == null
                    ? "HTTP " + e.status : e.problemDetail));
        };
    }

    /** What refused the certificate: the services CA's verdict (its PKIX or host name reason), as the TLS stack gave it. */
    static String verification(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException && t.getMessage() != null
                    && t.getMessage().startsWith(ServicesTrust.NOT_VERIFIED)) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return "TLS handshake refused";
    }
}
