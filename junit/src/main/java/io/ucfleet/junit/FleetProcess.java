package io.ucfleet.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.fleet.topology.PortLayout;

/**
 * One process of the fleet (a node, a cluster-sync or a ctl-service): where it listens, a
 * {@link FleetClient} for its API, and faults to inject. The client methods here
 * ({@link #get}, {@link #post}, ...) call it over HTTP as the fleet's administrator (cluster-sync
 * has no accounts: anonymously).
 *
 * <p>The faults act on the real JVM: {@link #kill()} is SIGKILL (its embedded PostgreSQL is then
 * stopped too, as on a crashed host), {@link #stop()} SIGTERM, {@link #pause()} SIGSTOP. The
 * process keeps its data directory and secrets: {@link #start()} brings back the same node.
 */
public class FleetProcess {
    final Fleet fleet;
    final PortLayout.Placed placed;
    final ServiceProcess process;
    private final Duration readyTimeout;
    private final FleetClient client;

    FleetProcess(Fleet fleet, PortLayout.Placed placed, ServiceProcess process, Duration readyTimeout) {
        this.fleet = fleet;
        this.placed = placed;
        this.process = process;
        this.readyTimeout = readyTimeout;
        Fleet.Credentials c = fleet.credentials();
        // a node is called unverified (its self-signed tomcat); the services are verified by the fleet's services CA
        this.client = placed.service() == PortLayout.Service.NODE || !Files.exists(fleet.servicesCa())
                ? new FleetClient(url(), c.admin(), c.readOnly(), Duration.ofSeconds(30))
                : new FleetClient(url(), c.admin(), c.readOnly(), Duration.ofSeconds(30), FleetClient.verifying(fleet.servicesCa()));
    }

    public String name() {
        return placed.name();
    }

    /** {@code node-service}, {@code cluster-sync}, {@code ctl-service} or {@code postgresql} (a fleet's shared database server). */
    public String service() {
        return placed.service().name;
    }

    /** The name of its cluster in the topology; null for a process of the whole fleet. */
    public String cluster() {
        return placed.cluster().map(io.ucfleet.fleet.topology.Topology.Cluster::name).orElse(null);
    }

    public String ip() {
        return fleet.topology().ip();
    }

    /** Its ports by kind: {@code http}, and as it has them {@code https}, {@code ssh}, {@code tftp} (UDP), {@code tftpHttp}. */
    public Map<String, Integer> ports() {
        return placed.ports();
    }

    public Optional<Integer> port(String kind) {
        return placed.port(kind);
    }

    public int httpPort() {
        return placed.http();
    }

    /**
     * Its API's base URL, no trailing slash: {@code https://<ip>:<https port>} for a node, a
     * cluster-sync, a ctl-service and the lab CA (whose API is HTTPS only: their plain HTTP port
     * answers health and metrics, the lab CA's also {@code /pki/}, and redirects the rest);
     * {@code http://<ip>:<port>} for the shared database server. The services' certificates are
     * issued by the fleet's services CA ({@link Fleet#servicesCa()}) for 127.0.0.1 and their name.
     */
    public String url() {
        return placed.port("https").map(port -> "https://" + ip() + ":" + port).orElseGet(this::plainUrl);
    }

    /** {@code http://<ip>:<port>}: health and metrics on every process. */
    public String plainUrl() {
        return "http://" + ip() + ":" + httpPort();
    }

    /** Its API ({@link #url()}: HTTPS, a service's verified by the services CA) as the administrator; {@code client().readOnly()}, {@code .anonymous()}, {@code .timeout(...)} vary it. */
    public FleetClient client() {
        return client;
    }

    public FleetResponse get(String path) {
        return client.get(path);
    }

    /** POST of JSON. */
    public FleetResponse post(String path, String json) {
        return client.post(path, json);
    }

    public FleetResponse post(String path, byte[] body, String contentType) {
        return client.post(path, body, contentType);
    }

    /** PUT of JSON. */
    public FleetResponse put(String path, String json) {
        return client.put(path, json);
    }

    public FleetResponse put(String path, byte[] body, String contentType) {
        return client.put(path, body, contentType);
    }

    public FleetResponse delete(String path) {
        return client.delete(path);
    }

    /** Its JVM's pid while it runs. */
    public Optional<Long> pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Whether {@code /q/health/ready} answers 200 now. */
    public boolean isReady() {
        return process.isReady();
    }

    /** The log of its current (or last) start; the one before is kept as {@code <log>.1}. */
    public Path log() {
        return fleet.state().log(name());
    }

    /** The end of its current log, for a failure message. */
    public String logTail() {
        return process.logTail();
    }

    /** SIGKILL, mid-whatever; then its orphaned PostgreSQL is stopped (a crashed host loses both). */
    public void kill() {
        process.kill();
    }

    /** A clean stop: SIGTERM (SIGKILL after 30 s). */
    public void stop() {
        process.stop();
    }

    /** Starts it again on the same data and ports and waits until it is ready; a failure names the first ERROR line of its log. */
    public void start() {
        if (process.isRunning()) {
            throw new IllegalStateException(name() + " is already running (pid " + pid().orElse(-1L) + ")");
        }
        process.stopOrphanedPostgres();
        process.start();
        try {
            process.awaitReady(readyTimeout);
        } catch (RuntimeException e) {
            String firstError = firstError(log());
            process.stop();
            throw new IllegalStateException(name() + " did not become ready again: "
                    + (firstError == null ? "" : "first error: " + firstError + "\n") + e.getMessage(), e);
        }
    }

    /** {@link #stop()}, then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    /** SIGSTOP: the JVM freezes (a hung process: connections are accepted, nothing answers) until {@link #resume()}. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    /** Stack traces bury the cause: the first ERROR line of a log. */
    static String firstError(Path log) {
        if (log == null || !Files.exists(log)) {
            return null;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" ERROR ")).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return name() + " (" + service() + ", " + url() + ")";
    }
}
