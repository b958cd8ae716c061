package io.ucfleet.fleet.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.PortLayout.Placed;
import io.ucfleet.fleet.topology.Topology;

/**
 * The fleet-wide operations of the management API ({@code /ucfleet/v1} on every process, as the
 * administrator): a fresh fleet, a moved clock, a replication delay. A whole-fleet reset holds
 * each cluster's cluster-sync first, so that no change read before the reset is delivered to a
 * node after it, resets every node and ctl-service at once, then resets cluster-sync, which
 * reads every node's new feed from the start.
 */
public final class FleetControl {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where a node writes the certificate its HTTPS listener presents (node-service's {@code tls.TlsFiles}), under its state directory. */
    static final String WEB_CERTIFICATE = "data/tls/web.crt";

    private final Topology topology;
    private final List<Placed> placed;
    private final String authorization;
    private final StateDir state;
    // no h2c upgrade: Vert.x and the JDK disagree on it. Nodes are called on HTTPS (their API is HTTPS only).
    private final HttpClient http;
    /** cluster-sync, ctl-service and lab-ca on HTTPS, verified by the fleet's services CA (host names checked). */
    private final HttpClient services;

    /**
     * The fleet in {@code state}, whose processes the launcher started on this machine: a node is
     * trusted by the certificate it wrote for its own HTTPS listener into its data directory
     * (README, "HTTPS only"), which no one else on the path can present; the services by the
     * services CA there ({@link StateDir#servicesCaCertificate()}).
     */
    public FleetControl(Topology topology, String adminPassword, StateDir state) {
        this.topology = topology;
        this.placed = PortLayout.of(topology);
        this.services = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(io.ucfleet.platform.tls.ServicesTrust.context(java.util.Optional.of(state.servicesCaCertificate())
                        .filter(java.nio.file.Files::exists), "the launcher"))
                .build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((Launcher.ADMIN_USER + ":" + adminPassword)
                .getBytes(StandardCharsets.UTF_8));
        this.state = state;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(new io.ucfleet.platform.tls.PinnedTrust(this::checkNode).context())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The node listening at {@code peer} presents what it wrote for its listener, or is refused naming both. */
    private void checkNode(String peer, java.security.cert.X509Certificate presented, String sha256)
            throws java.security.cert.CertificateException {
        Placed node = placed.stream().filter(p -> p.service() == PortLayout.Service.NODE
                && peer.equals(io.ucfleet.platform.tls.PinnedTrust.peer("https://" + topology.ip() + ":" + p.port("https")
                        .orElseThrow()))).findFirst().orElseThrow(() -> new java.security.cert.CertificateException(
                                "https://" + peer + " is no node of " + topology.name()));
        java.nio.file.Path file = state.of(node.name()).resolve(WEB_CERTIFICATE);
        String written;
        try (var in = java.nio.file.Files.newInputStream(file)) {
            written = io.ucfleet.platform.tls.PinnedTrust.sha256((java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException e) {
            throw new java.security.cert.CertificateException("cannot read " + file + ", the certificate " + node.name()
                    + " presents on HTTPS", e);
        }
        if (!written.equals(sha256)) {
            throw new java.security.cert.CertificateException("https://" + peer + " presented a certificate (SHA-256 " + sha256
                    + ") that is not the one " + node.name() + " wrote for its HTTPS listener (" + file + ", SHA-256 "
                    + written + ")");
        }
    }

    /** One process's answer to one call. */
    public record Answer(String process, int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The whole fleet as freshly installed; answers every process's answer in the order of the steps. */
    public List<Answer> fresh() {
        List<Answer> answers = new ArrayList<>();
        answers.addAll(all(PortLayout.Service.CLUSTER_SYNC, "POST", "/ucfleet/v1/hold", null));
        answers.addAll(all(PortLayout.Service.NODE, "POST", "/ucfleet/v1/reset", null));
        answers.addAll(all(PortLayout.Service.CTL_SERVICE, "POST", "/ucfleet/v1/reset", null));
        answers.addAll(all(PortLayout.Service.LAB_CA, "POST", "/ucfleet/v1/reset", null));
        answers.addAll(all(PortLayout.Service.CLUSTER_SYNC, "POST", "/ucfleet/v1/reset", null));
        return checked(answers);
    }

    /**
     * These nodes as freshly installed; their cluster's cluster-sync then gives each the cluster's
     * replicated content, once it has forgotten the certificates it trusted each by (a reinstalled
     * node's new tomcat follows from nothing it pinned; README, "HTTPS only").
     */
    public List<Answer> fresh(List<String> nodes) {
        List<Answer> answers = new ArrayList<>(checked(call(p -> p.service() == PortLayout.Service.NODE && nodes.contains(p.name()),
                "POST", "/ucfleet/v1/reset", null)));
        for (Placed node : placed.stream().filter(p -> p.service() == PortLayout.Service.NODE && nodes.contains(p.name())).toList()) {
            String member = "https://" + topology.ip() + ":" + node.port("https").orElseThrow();
            placed.stream().filter(p -> p.service() == PortLayout.Service.CLUSTER_SYNC && p.cluster().equals(node.cluster()))
                    .forEach(sync -> answers.add(send(sync, "DELETE", "/ucfleet/v1/member-certificates?member="
                            + java.net.URLEncoder.encode(member, StandardCharsets.UTF_8), null)));
        }
        return checked(answers);
    }

    /**
     * The whole fleet's stored state as one JSON document: {@code topology} and per process its
     * snapshot (keys sealed as at rest: it restores only into this fleet's state directory).
     * Taken while every cluster-sync holds its deliveries, so no change is in flight between them.
     */
    public ObjectNode snapshot() {
        checked(all(PortLayout.Service.CLUSTER_SYNC, "POST", "/ucfleet/v1/hold", null));
        try {
            ObjectNode file = JSON.createObjectNode();
            file.put("topology", topology.name());
            file.put("takenAt", java.time.Instant.now().toString());
            ObjectNode processes = file.putObject("processes");
            for (Answer a : checked(call(FleetControl::hasState, "GET", "/ucfleet/v1/snapshot", null))) {
                processes.set(a.process(), read(a.body()));
            }
            return file;
        } finally {
            all(PortLayout.Service.CLUSTER_SYNC, "POST", "/ucfleet/v1/release", null);
        }
    }

    /** Every process back to its part of a {@link #snapshot} of this fleet; refused before anything changes if the file is of another fleet. */
    public List<Answer> restore(JsonNode file) {
        if (!topology.name().equals(file.path("topology").asText())) {
            throw new LauncherException("the snapshot is of the fleet \"" + file.path("topology").asText() + "\", not of "
                    + topology.name());
        }
        List<String> names = placed.stream().filter(FleetControl::hasState).map(Placed::name).toList();
        List<String> inFile = new ArrayList<>();
        file.path("processes").fieldNames().forEachRemaining(inFile::add);
        if (!new java.util.HashSet<>(inFile).equals(new java.util.HashSet<>(names))) {
            throw new LauncherException("the snapshot has the processes " + inFile + "; this fleet has " + names);
        }
        List<Answer> answers = new ArrayList<>(checked(all(PortLayout.Service.CLUSTER_SYNC, "POST", "/ucfleet/v1/hold", null)));
        for (PortLayout.Service service : List.of(PortLayout.Service.NODE, PortLayout.Service.CTL_SERVICE,
                PortLayout.Service.LAB_CA, PortLayout.Service.CLUSTER_SYNC)) {
            List<CompletableFuture<Answer>> calls = placed.stream().filter(p -> p.service() == service)
                    .map(p -> CompletableFuture.supplyAsync(() -> send(p, "PUT", "/ucfleet/v1/snapshot",
                            file.path("processes").path(p.name()).toString()))).toList();
            answers.addAll(checked(calls.stream().map(CompletableFuture::join).toList()));
        }
        return answers;
    }

    /** The services with a management API and state of their own; the shared database server holds only theirs. */
    private static boolean hasState(Placed p) {
        return p.service() != PortLayout.Service.POSTGRES;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new LauncherException("a process answered a snapshot that is not JSON");
        }
    }

    /**
     * Moves the clock of these nodes (all, and the lab CA, when empty) to run {@code offset}
     * ahead of the host's: the lab CA's CRLs and OCSP answers age with the nodes that judge them.
     */
    public List<Answer> clock(Duration offset, List<String> nodes) {
        return checked(call(p -> (p.service() == PortLayout.Service.NODE || p.service() == PortLayout.Service.LAB_CA)
                && (nodes.isEmpty() || nodes.contains(p.name())), "PUT",
                "/ucfleet/v1/clock", "{\"offset\": \"" + offset + "\"}"));
    }

    /** Every cluster-sync delivers each change no sooner than {@code delay} after reading it (zero clears). */
    public List<Answer> replicationDelay(Duration delay) {
        return checked(delay.isZero() ? all(PortLayout.Service.CLUSTER_SYNC, "DELETE", "/ucfleet/v1/faults/replication-delay", null)
                : all(PortLayout.Service.CLUSTER_SYNC, "PUT", "/ucfleet/v1/faults/replication-delay",
                        "{\"delay\": \"" + delay + "\"}"));
    }

    /** Scenario: these nodes' identities (these units, or all) expire {@code days} from each node's now. */
    public List<Answer> expiring(List<String> nodes, List<String> units, int days) {
        String json = "{\"days\": " + days + ", \"units\": [" + String.join(", ", units.stream().map(u -> "\"" + u.replace("\"", "") + "\"")
                .toList()) + "]}";
        return checked(call(p -> p.service() == PortLayout.Service.NODE && (nodes.isEmpty() || nodes.contains(p.name())), "POST",
                "/ucfleet/v1/scenarios/expiring", json));
    }

    /**
     * Scenario: an expired CA in {@code store}, imported on each cluster's first node whose role
     * has that store (replication spreads it as the policy says).
     */
    public List<Answer> expiredTrust(String store, int daysAgo) {
        List<Placed> first = topology.clusters().stream().map(c -> placed.stream()
                .filter(p -> p.cluster().orElse(null) == c && p.service() == PortLayout.Service.NODE).findFirst().orElseThrow()).toList();
        List<Answer> answers = call(first::contains, "POST", "/ucfleet/v1/scenarios/expired-trust",
                "{\"store\": \"" + store.replace("\"", "") + "\", \"daysAgo\": " + daysAgo + "}");
        // a cluster whose nodes have no such store (an Expressway has trusted-ca-list) is left out, not a failure
        List<Answer> applicable = answers.stream().filter(a -> !(a.status() == 404 && a.body().contains("unknown-trust-store")))
                .toList();
        if (applicable.isEmpty()) {
            throw new LauncherException("no node of the fleet has a trust store \"" + store + "\"");
        }
        return checked(applicable);
    }

    /** Scenario: every Unified CM cluster in mixed mode (ctl-service builds and publishes the CTL). */
    public List<Answer> mixedMode() {
        return checked(all(PortLayout.Service.CTL_SERVICE, "POST", "/api/v1/ctl/mixed-mode", null));
    }

    /** An HTTP fault on these nodes (JSON as {@code POST /ucfleet/v1/faults/http} takes it). */
    public List<Answer> httpFault(List<String> nodes, String faultJson) {
        return checked(call(p -> p.service() == PortLayout.Service.NODE && nodes.contains(p.name()), "POST", "/ucfleet/v1/faults/http",
                faultJson));
    }

    /** Every fault of the fleet: each node's HTTP faults, each cluster-sync's delivery state. */
    public List<Answer> faults() {
        List<Answer> answers = new ArrayList<>(all(PortLayout.Service.NODE, "GET", "/ucfleet/v1/faults/http", null));
        answers.addAll(all(PortLayout.Service.CLUSTER_SYNC, "GET", "/ucfleet/v1/delivery", null));
        return checked(answers);
    }

    /** No HTTP fault on any node, no replication delay on any cluster-sync. */
    /**
     * Scenario: these nodes (all but the Expressways, whose server certificate is another unit,
     * when empty) CA-signed by the fleet's lab CA, each through its own REST API: CSR for
     * {@code unit}, signed with {@code profile}, the chain into the unit's trust store, the
     * certificate installed and its services restarted (lab-ca's cluster enrollment).
     */
    public List<Answer> caSigned(List<String> nodes, String unit, String profile) {
        Placed labCa = placed.stream().filter(p -> p.service() == PortLayout.Service.LAB_CA).findFirst()
                .orElseThrow(() -> new LauncherException(topology.name() + " has no lab CA (labCa: false in its topology)"));
        ObjectNode request = JSON.createObjectNode();
        var urls = request.putArray("nodes");
        request.put("unit", unit).put("profile", profile).put("restartServices", true);
        placed.stream().filter(p -> p.service() == PortLayout.Service.NODE)
                .filter(p -> nodes.isEmpty() ? !p.role().orElseThrow().expressway()
                        : nodes.contains(p.name()))
                .forEach(p -> urls.add("https://" + topology.ip() + ":" + p.port("https").orElseThrow()));
        Answer answer = send(labCa, "POST", "/api/v1/enrollments/cluster", request.toString());
        checked(List.of(answer));
        if (!"enrolled".equals(read(answer.body()).path("outcome").asText())) {
            throw new LauncherException("lab-ca enrolled not every node: " + answer.body());
        }
        return List.of(answer);
    }

    public List<Answer> clearFaults() {
        List<Answer> answers = new ArrayList<>(all(PortLayout.Service.NODE, "DELETE", "/ucfleet/v1/faults/http", null));
        answers.addAll(all(PortLayout.Service.CLUSTER_SYNC, "DELETE", "/ucfleet/v1/faults/replication-delay", null));
        return checked(answers);
    }

    private List<Answer> all(PortLayout.Service service, String method, String path, String json) {
        return call(p -> p.service() == service, method, path, json);
    }

    /** The same call to every matching process at once. */
    private List<Answer> call(Predicate<Placed> which, String method, String path, String json) {
        List<CompletableFuture<Answer>> calls = placed.stream().filter(which)
                .map(p -> CompletableFuture.supplyAsync(() -> send(p, method, path, json))).toList();
        if (calls.isEmpty()) {
            return List.of();
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private Answer send(Placed p, String method, String path, String json) {
        String base = p.service() == PortLayout.Service.NODE ? "https://" + topology.ip() + ":" + p.port("https").orElseThrow()
                : p.port("https").map(port -> "https://" + topology.ip() + ":" + port).orElse("http://" + topology.ip() + ":" + p.http());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpClient client = p.service() == PortLayout.Service.NODE ? http : services;
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (javax.net.ssl.SSLHandshakeException e) {
                if (client != http) {
                    throw e;
                }
                // Cisco Tomcat restarting: the node writes its new certificate a moment before its listener presents it
                Thread.sleep(500);
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Answer(p.name(), response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(p.name(), 0, "no answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(p.name(), 0, "interrupted");
        }
    }

    private static List<Answer> checked(List<Answer> answers) {
        List<String> failed = answers.stream().filter(a -> !a.ok())
                .map(a -> a.process() + " answered " + (a.status() == 0 ? "nothing" : a.status()) + ": " + a.body()).toList();
        if (!failed.isEmpty()) {
            throw new LauncherException(String.join("; ", failed));
        }
        return answers;
    }
}
