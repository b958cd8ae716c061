package io.ucfleet.node.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.node.config.Node;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.security.Roles;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The other node-services of the cluster, as {@code ucfleet.cluster.members} lists them, reached
 * through the shared {@link ClusterChannel} as the {@code cluster} service account
 * ({@code ucfleet.cluster.username/password}). Who each member is comes from its own
 * {@code GET /api/v1/node}; this node recognises itself by its FQDN.
 */
@ApplicationScoped
public class ClusterMembers {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "ucfleet.cluster.members")
    Optional<List<String>> members;
    @ConfigProperty(name = "ucfleet.cluster.username")
    Optional<String> username;
    @ConfigProperty(name = "ucfleet.cluster.password")
    Optional<String> password;
    @Inject
    Node node;
    @Inject
    ObjectMapper json;

    @Inject
    io.ucfleet.node.truststore.TrustStores trustStores;

    /** The store a peer's presented certificate must be in (seed 002, "Troubleshoot Certificate Errors"). */
    public static final String PEER_TRUST = "tomcat-trust";
    /** What Serviceability shows when the peer's tomcat is not in this node's tomcat-trust (seed 002). */
    public static final String REMOTE_NODE_ERROR = "Connection to the Server cannot be established (unable to connect to Remote Node)";

    private volatile ClusterChannel channel;
    private volatile java.util.Set<java.security.cert.X509Certificate> channelTrust;

    @PostConstruct
    void open() {
        channel = open(java.util.Set.of());
    }

    private ClusterChannel open(java.util.Set<java.security.cert.X509Certificate> trust) {
        channelTrust = trust;
        return new ClusterChannel(members.orElse(List.of()), username.orElse(Roles.CLUSTER), password.orElse(""), json,
                new io.ucfleet.platform.tls.StoreTrust(PEER_TRUST, this::peerTrust).context());
    }

    /**
     * This node's tomcat-trust, as every handshake with a peer judges the peer's certificate by
     * ({@link io.ucfleet.platform.tls.StoreTrust}): read from the database at each handshake.
     */
    java.util.Set<java.security.cert.X509Certificate> peerTrust() {
        if (!node.role().hasTrustStore(PEER_TRUST)) {
            return java.util.Set.of();
        }
        var converter = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
        java.util.Set<java.security.cert.X509Certificate> out = new java.util.HashSet<>();
        for (var holder : trustStores.certificates(PEER_TRUST)) {
            try {
                out.add(converter.getCertificate(holder));
            } catch (java.security.cert.CertificateException e) {
                // a stored entry the JDK cannot read is trusted by nobody
            }
        }
        return out;
    }

    /** A member node: where to reach it and who it says it is. */
    public record Member(String baseUrl, String fqdn, String role) {
    }

    /** Every member of the cluster, this node included (from configuration alone when none is configured). */
    public List<Member> all() {
        List<Member> out = new ArrayList<>();
        boolean self = false;
        for (String url : urls()) {
            JsonNode info = call("GET", url, "/api/v1/node", null);
            Member member = new Member(url, info.path("fqdn").asText(), info.path("role").asText());
            self |= member.fqdn().equalsIgnoreCase(node.fqdn());
            out.add(member);
        }
        if (!self) {
            out.add(0, new Member(null, node.fqdn(), node.role().configName));
        }
        return out;
    }

    /** The members of this node's product (a multi-server certificate names them all), this node first. */
    public List<Member> sameProduct() {
        String product = Product.of(node.role().configName);
        List<Member> all = all().stream().filter(m -> Product.of(m.role()).equals(product)).toList();
        List<Member> ordered = new ArrayList<>(all.stream().filter(this::isSelf).toList());
        all.stream().filter(m -> !isSelf(m)).forEach(ordered::add);
        return ordered;
    }

    public boolean isSelf(Member member) {
        return member.fqdn().equalsIgnoreCase(node.fqdn());
    }

    /** The members' base URLs as configured, without trailing slashes. */
    public List<String> urls() {
        return channel.members();
    }

    /**
     * The channel with a connection pool as fresh as this node's tomcat-trust: when the store
     * changed since the last call, pooled connections (made under the old store) are dropped, so a
     * deleted entry refuses the peer at once and a re-imported one is trusted at once.
     */
    private ClusterChannel current() {
        var trust = peerTrust();
        if (!trust.equals(channelTrust)) {
            synchronized (this) {
                if (!trust.equals(channelTrust)) {
                    channel = open(trust);
                }
            }
        }
        return channel;
    }

    /** The cluster account's password, for deriving keys from it (it is never logged). */
    public Optional<String> password() {
        return password.filter(p -> !p.isBlank());
    }

    /** The shared channel, for callers that handle its typed failures themselves (AUTHZ distribution). */
    public ClusterChannel channel() {
        return current();
    }

    /** Calls a member as the cluster service account; a refusal or an unreachable member is a 502 naming it. */
    public JsonNode call(String method, String baseUrl, String path, Object body) {
        if (username.isEmpty()) {
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE,
                    "ucfleet.cluster.username is not configured, so this node cannot call " + baseUrl + ".");
        }
        try {
            return current().json(method, baseUrl, path, body, TIMEOUT);
        } catch (ClusterChannel.CallFailed e) {
            if (e.untrusted) {
                throw untrusted(e);
            }
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("member", e.member);
            extensions.put("failure", e.failure.name().toLowerCase(Locale.ROOT));
            if (e.status != 0) {
                extensions.put("memberStatus", e.status);
                extensions.put("memberProblem", e.problemType == null ? "" : e.problemType);
            }
            throw new DomainProblem(ProblemType.PEER_UNAVAILABLE, "The cluster member " + e.member + (e.status == 0
                    ? " cannot be reached." : " answered " + e.status + ": " + (e.problemDetail == null ? "HTTP " + e.status
                            : e.problemDetail)), extensions);
        }
    }

    /** Seed 002's error for a peer whose certificate is not in this node's tomcat-trust, with what to do about it. */
    public static DomainProblem untrusted(ClusterChannel.CallFailed e) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("member", e.member);
        extensions.put("failure", "untrusted");
        return new DomainProblem(ProblemType.PEER_UNAVAILABLE, REMOTE_NODE_ERROR + ": the certificate " + e.member
                + " presented is not in this node's " + PEER_TRUST + ", neither itself nor its issuer. Check that the"
                + " remote node's tomcat certificate is in " + PEER_TRUST + " (Security > Certificate Management) and"
                + " matches the one the remote node presents; import it if it is missing (seed 002, \"Troubleshoot"
                + " Certificate Errors\").", extensions);
    }
}
