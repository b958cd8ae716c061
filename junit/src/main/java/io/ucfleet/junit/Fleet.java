package io.ucfleet.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.ucfleet.fleet.launcher.FleetControl;
import io.ucfleet.fleet.launcher.Launcher;
import io.ucfleet.fleet.launcher.StateDir;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Topology;

/**
 * The running fleet of a {@link UcfleetFleet} test: its topology (with the port base it got),
 * the accounts, and every process by name. Thread-safe to read; the faults of one process are
 * the caller's to sequence.
 */
public final class Fleet {
    /** A user of the fleet's services and its generated password. */
    public record Account(String username, String password) {
        @Override
        public String toString() {
            return username; // never the password in a failure message
        }
    }

    /**
     * The accounts every node (and ctl-service) of the fleet accepts: {@code admin}
     * ({@code administrator}, role admin), {@code readOnly} ({@code monitor}, role read-only) and
     * {@code cluster} (the service account the fleet's own processes call nodes with).
     */
    public record Credentials(Account admin, Account readOnly, Account cluster) {
    }

    private final Topology topology;
    private final StateDir state;
    private final Path home;
    private final Credentials credentials;
    private final Map<String, FleetProcess> processes = new LinkedHashMap<>();

    Fleet(Topology topology, StateDir state, Path home, Launcher launcher, Duration readyTimeout) {
        this.topology = topology;
        this.state = state;
        this.home = home;
        Map<String, String> accounts = state.accounts()
                .orElseThrow(() -> new IllegalStateException("no credentials in " + state.root));
        this.credentials = new Credentials(new Account(Launcher.ADMIN_USER, accounts.get(Launcher.ADMIN_USER)),
                new Account(Launcher.MONITOR_USER, accounts.get(Launcher.MONITOR_USER)),
                new Account(Launcher.CLUSTER_USER, accounts.get(Launcher.CLUSTER_USER)));
        for (PortLayout.Placed p : launcher.placed()) {
            var process = launcher.process(p.name());
            processes.put(p.name(), p.service() == PortLayout.Service.NODE ? new FleetNode(this, p, process, readyTimeout)
                    : new FleetProcess(this, p, process, readyTimeout));
        }
    }

    /** The topology as started: its {@code ports().base()} is the automatic port base. */
    public Topology topology() {
        return topology;
    }

    /** The fleet's temporary state directory: per process {@code <name>/} with its data and {@code <name>.log}. */
    public Path stateDir() {
        return state.root;
    }

    /** The built ucfleet tree the jars run from ({@code ucfleet.home}, or found from the working directory). */
    public Path home() {
        return home;
    }

    public Credentials credentials() {
        return credentials;
    }

    /**
     * The fleet-wide management API, as {@code deploy/local/cluster} drives it: {@code fresh()}
     * between tests, {@code clock(P30D, nodes)}, {@code replicationDelay}, {@code httpFault},
     * scenarios, {@code snapshot()} and {@code restore(file)}; each answer is every process's.
     */
    public FleetControl control() {
        return new FleetControl(topology(), credentials.admin().password(), state);
    }

    /** The nodes, in topology order. */
    public List<FleetNode> nodes() {
        return processes.values().stream().filter(FleetNode.class::isInstance).map(FleetNode.class::cast).toList();
    }

    public FleetNode node(String name) {
        if (processes.get(name) instanceof FleetNode node) {
            return node;
        }
        throw new IllegalArgumentException("no node \"" + name + "\" in " + topology.name() + "; its nodes are "
                + nodes().stream().map(FleetProcess::name).toList());
    }

    /** Every process in start order: the nodes, then each cluster's cluster-sync and ctl-service. */
    public List<FleetProcess> processes() {
        return List.copyOf(processes.values());
    }

    /**
     * Any process by name: a node, or a cluster service ({@code cluster-sync} and
     * {@code ctl-service} in a fleet of one cluster, {@code <cluster>-cluster-sync} and
     * {@code <cluster>-ctl-service} otherwise).
     */
    public FleetProcess process(String name) {
        FleetProcess p = processes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no process \"" + name + "\" in " + topology.name() + "; it has "
                    + List.copyOf(processes.keySet()));
        }
        return p;
    }

    StateDir state() {
        return state;
    }

    /**
     * The fleet services CA's certificate (PEM; the launcher's, in its state directory): what
     * every process verifies cluster-sync, ctl-service and lab-ca by ({@code ucfleet.services.ca}),
     * and what a test passes to {@code curl --cacert} or {@link #servicesTrust()}.
     */
    public Path servicesCa() {
        return state.servicesCaCertificate();
    }

    /** A TLS context verifying the fleet's services by {@link #servicesCa()} (PKIX; java.net.http checks host names). */
    public javax.net.ssl.SSLContext servicesTrust() {
        return io.ucfleet.platform.tls.ServicesTrust.verifying(servicesCa());
    }

    /** The services CA as a trust store (PKCS#12 in memory), for clients that take one (RestAssured's {@code trustStore}). */
    public java.security.KeyStore servicesTrustStore() {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (var ca : io.ucfleet.platform.tls.ServiceCertificates.certificates(java.nio.file.Files.readString(servicesCa()))) {
                store.setCertificateEntry("services-ca-" + i++, ca);
            }
            return store;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the services CA " + servicesCa(), e);
        }
    }

    /**
     * Waits until every change the nodes had made when this was called has been replicated:
     * every cluster-sync ({@code GET /api/v1/sync}) shows each member with condition reason
     * {@code Synced}, {@code pending == 0}, {@code lag == 0} and its cursor at (or past) the
     * head of that node's change feed as read at the start of the call, and total
     * {@code pending == 0}. The feed heads matter: right after a change, cluster-sync still
     * reports a member as synced until its long poll brings the change in.
     *
     * @throws AssertionError on timeout, with the reason and every cluster-sync's last status
     */
    public void awaitReplicated(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<FleetProcess> syncs = processes.values().stream()
                .filter(p -> p.placed.service() == PortLayout.Service.CLUSTER_SYNC).toList();
        Map<String, JsonNode> heads = new HashMap<>(); // node URL -> its feed page (head, epoch)
        Map<String, String> lastStatus = new LinkedHashMap<>();
        while (true) {
            List<String> why = new ArrayList<>();
            // a request to a paused process waits for its timeout: keep those within the deadline
            Duration request = Duration.ofMillis(Math.max(500, Math.min(5_000, Duration.between(Instant.now(), deadline).toMillis())));
            for (FleetNode node : nodes()) {
                if (!heads.containsKey(node.url())) {
                    try {
                        FleetResponse feed = node.client().as(credentials.cluster().username(), credentials.cluster().password())
                                .timeout(request).get("/api/v1/replication/changes?after=" + Long.MAX_VALUE + "&limit=1");
                        if (feed.status() == 200) {
                            heads.put(node.url(), feed.json());
                        } else {
                            why.add(node.name() + "'s change feed answered " + feed.status() + ": " + feed.text());
                        }
                    } catch (RuntimeException e) {
                        why.add(node.name() + "'s change feed did not answer: " + e.getMessage());
                    }
                }
            }
            for (FleetProcess sync : syncs) {
                String problem;
                try {
                    FleetResponse r = sync.client().readOnly().timeout(request).get("/api/v1/sync");
                    lastStatus.put(sync.name(), r.text());
                    problem = r.status() != 200 ? "answered " + r.status() : notReplicated(r.json(), heads);
                } catch (RuntimeException e) {
                    problem = "did not answer: " + e.getMessage();
                    lastStatus.put(sync.name(), "(no answer: " + e.getMessage() + ")");
                }
                if (problem != null) {
                    why.add(sync.name() + ": " + problem);
                }
            }
            if (why.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                StringBuilder message = new StringBuilder(topology.name() + " not replicated within " + timeout.toMillis()
                        + " ms: " + String.join("; ", why));
                lastStatus.forEach((name, json) -> message.append("\nlast status of ").append(name).append(": ").append(pretty(json)));
                throw new AssertionError(message.toString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while awaiting replication");
            }
        }
    }

    /** Why one cluster-sync's status is not replicated yet, or null if it is. */
    private String notReplicated(JsonNode status, Map<String, JsonNode> heads) {
        if (!status.path("databaseError").isNull() && !status.path("databaseError").isMissingNode()) {
            return "databaseError " + status.path("databaseError").asText();
        }
        if (status.path("pending").asLong(-1) != 0) {
            return "pending " + status.path("pending").asText();
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode m : status.path("members")) {
            String member = m.path("url").asText() + " (" + m.path("node").asText("unidentified") + ")";
            String reason = m.path("condition").path("reason").asText();
            if (!"Synced".equals(reason)) {
                problems.add(member + " reason " + reason);
            } else if (m.path("pending").isNull() || m.path("pending").asLong(-1) != 0) {
                problems.add(member + " pending " + m.path("pending").asText());
            } else if (m.path("lag").asLong(-1) != 0) {
                problems.add(member + " lag " + m.path("lag").asText());
            } else {
                JsonNode feed = heads.get(m.path("url").asText());
                if (feed == null) {
                    problems.add(member + ": its feed head is not known yet");
                } else if (!feed.path("epoch").asText().equals(m.path("epoch").asText())
                        || m.path("cursor").asLong() < feed.path("head").asLong()) {
                    problems.add(member + " cursor " + m.path("cursor").asText() + " (epoch " + m.path("epoch").asText()
                            + ") has not reached the feed head " + feed.path("head").asText() + " (epoch "
                            + feed.path("epoch").asText() + ")");
                }
            }
        }
        if (status.path("members").isEmpty()) {
            problems.add("no members");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String pretty(String json) {
        try {
            return FleetResponse.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(FleetResponse.JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    @Override
    public String toString() {
        return topology.name() + " (port base " + topology.ports().base() + ", " + state.root + ")";
    }
}
