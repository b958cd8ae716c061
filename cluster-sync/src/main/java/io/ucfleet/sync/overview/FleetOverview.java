package io.ucfleet.sync.overview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.ucfleet.platform.certmonitor.CertificateExpiries;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.sync.config.ClusterConfig;
import io.ucfleet.sync.config.SyncConfig;
import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.Members;
import io.ucfleet.sync.status.SyncStatus;

/**
 * What the fleet overview shows, read in the background every {@code ucfleet.sync.fleet.refresh}:
 * each member of this cluster (who it is, its CTL state, its certificates' expiry, as the
 * cluster account) and each peer cluster-sync's own cluster. A page is built from the last
 * reads and this cluster's live replication status, so it never waits for a node, and a node
 * or peer that stops answering keeps what it last said, marked with the failure.
 */
@ApplicationScoped
public class FleetOverview {
    private static final Logger LOG = Logger.getLogger(FleetOverview.class);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** Reads in flight at once: a refresh of 20 nodes is a few round trips, and an unreachable one holds one thread only. */
    private static final int READERS = 4;

    /** A peer cluster-sync and what it last answered; {@code cluster} null until it has. */
    public record Peer(String url, ClusterOverview cluster, Instant readAt, String readError) {
    }

    @Inject
    Members members;
    @Inject
    SyncStatus status;
    @Inject
    ClusterConfig clusterConfig;
    @Inject
    SyncConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    io.ucfleet.platform.tls.MemberPins pins;

    /** The nodes, trusted as replication trusts them (the certificates pinned for them). */
    private ClusterChannel nodeChannel;
    /** To the peer cluster-syncs (HTTPS, verified by {@code ucfleet.services.ca}). */
    private ClusterChannel peerChannel;
    private ExecutorService readers;
    private final Map<String, NodeOverview> nodes = new ConcurrentHashMap<>();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();

    @PostConstruct
    void open() {
        nodeChannel = new ClusterChannel(List.of(), clusterConfig.username(), clusterConfig.password().orElse(""), json, pins);
        // the peers are cluster-syncs, ucfleet's own services: verified by the fleet services CA
        peerChannel = new ClusterChannel(List.of(), clusterConfig.username(), clusterConfig.password().orElse(""), json,
                io.ucfleet.platform.tls.ServicesTrust.context("cluster-sync"));
        readers = Executors.newFixedThreadPool(READERS, r -> {
            Thread t = new Thread(r, "fleet-overview");
            t.setDaemon(true);
            return t;
        });
        for (String url : peerUrls()) {
            peers.put(url, new Peer(url, null, null, "not read yet"));
        }
    }

    @PreDestroy
    void close() {
        readers.shutdownNow();
    }

    /** The fleet's name on the page: configured, else this cluster's (the view's first source). */
    public String fleetName(FleetView view) {
        return config.fleet().name().filter(n -> !n.isBlank()).orElseGet(() -> view.sources.get(0).cluster());
    }

    /** This cluster: every current member, with what it last answered and its live replication status. */
    public ClusterOverview own() {
        Map<String, SyncStatus.MemberView> live = status.status().members().stream()
                .collect(Collectors.toMap(SyncStatus.MemberView::url, Function.identity(), (a, b) -> a));
        List<NodeOverview> shown = new ArrayList<>();
        for (Member m : members.all()) {
            NodeOverview read = nodes.getOrDefault(m.url, unread(m.url));
            shown.add(read.withReplication(live.get(m.url)));
        }
        String cluster = shown.stream().map(NodeOverview::cluster).filter(c -> c != null && !c.isBlank()).findFirst()
                .orElse("this cluster");
        return new ClusterOverview(cluster, clock.instant(), List.copyOf(shown));
    }

    /** This cluster, then each peer's, with where each came from. */
    public List<FleetView.Shown> clusters() {
        List<FleetView.Shown> shown = new ArrayList<>();
        ClusterOverview own = own();
        shown.add(new FleetView.Shown(own, new FleetView.Source(own.cluster(), "this cluster-sync", own.at(), null)));
        for (Peer p : peers()) {
            shown.add(new FleetView.Shown(p.cluster(), new FleetView.Source(p.cluster() == null ? null : p.cluster().cluster(),
                    p.url(), p.readAt(), p.readError())));
        }
        return shown;
    }

    /** The page's content now. */
    public FleetView view() {
        return new FleetView(clusters(), clock.instant());
    }

    /** The peers in their configured order, with what each last answered. */
    public List<Peer> peers() {
        return peerUrls().stream().map(u -> peers.getOrDefault(u, new Peer(u, null, null, "not read yet"))).toList();
    }

    private List<String> peerUrls() {
        return config.fleet().peers().orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(ClusterChannel::normalise).distinct().toList();
    }

    @Scheduled(identity = "fleet-overview", every = "${ucfleet.sync.fleet.refresh:15S}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    /** Reads every member and every peer once, in parallel; failures are recorded, never thrown. */
    public void refresh() {
        List<Member> current = members.all();
        List<Future<?>> reads = new ArrayList<>();
        for (Member m : current) {
            reads.add(readers.submit(() -> nodes.put(m.url, read(m.url, nodes.get(m.url)))));
        }
        for (String url : peerUrls()) {
            reads.add(readers.submit(() -> peers.put(url, readPeer(url, peers.get(url)))));
        }
        for (Future<?> f : reads) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("fleet overview read failed: %s", e.toString());
            }
        }
        nodes.keySet().retainAll(current.stream().map(m -> m.url).toList());
    }

    private NodeOverview read(String url, NodeOverview before) {
        try {
            JsonNode info = nodeChannel.json("GET", url, "/api/v1/node", null, READ_TIMEOUT);
            CertificateExpiries certificates = json.treeToValue(
                    nodeChannel.json("GET", url, "/api/v1/certificate-monitor/certificates", null, READ_TIMEOUT),
                    CertificateExpiries.class);
            NodeOverview.CtlState ctl = ctl(url);
            return new NodeOverview(url, text(info, "hostname"), text(info, "fqdn"), text(info, "role"), text(info, "roleName"),
                    text(info, "cluster"), text(info, "release"), clock.instant(), null, null, ctl, certificates);
        } catch (ClusterChannel.CallFailed e) {
            return failed(url, before, e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debugf(e, "fleet overview: %s", url);
            return failed(url, before, "node " + url + " answered something the overview cannot read");
        }
    }

    private NodeOverview.CtlState ctl(String url) throws java.io.IOException {
        JsonNode s;
        try {
            s = nodeChannel.json("GET", url, "/api/v1/ctl-status", null, READ_TIMEOUT);
        } catch (ClusterChannel.CallFailed e) {
            if (e.status == 404) {
                return null; // a role without CTL state
            }
            throw e;
        }
        return new NodeOverview.CtlState(text(s, "clusterSecurityMode"), s.path("ctlVersion").isInt() ? s.path("ctlVersion").asInt() : null,
                s.path("ctlUpdateRequired").asBoolean(false), s.path("changed").size(), s.path("pending").size());
    }

    private static NodeOverview failed(String url, NodeOverview before, String why) {
        NodeOverview b = before == null ? unread(url) : before;
        return new NodeOverview(url, b.node(), b.fqdn(), b.role(), b.roleName(), b.cluster(), b.release(), b.readAt(), why, null,
                b.ctl(), b.certificates());
    }

    private static NodeOverview unread(String url) {
        return new NodeOverview(url, null, null, null, null, null, null, null, "not read yet", null, null, null);
    }

    private Peer readPeer(String url, Peer before) {
        try {
            ClusterOverview cluster = json.treeToValue(peerChannel.json("GET", url, "/api/v1/sync/overview", null, READ_TIMEOUT),
                    ClusterOverview.class);
            return new Peer(url, cluster, clock.instant(), null);
        } catch (ClusterChannel.CallFailed e) {
            return new Peer(url, before == null ? null : before.cluster(), before == null ? null : before.readAt(),
                    "cluster-sync " + url + ": " + e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debugf(e, "fleet overview: peer %s", url);
            return new Peer(url, before == null ? null : before.cluster(), before == null ? null : before.readAt(),
                    "cluster-sync " + url + " answered something the overview cannot read");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
