package io.ucfleet.fleet.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.ucfleet.fleet.database.SharedPostgres;
import io.ucfleet.fleet.process.Ports;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.PortLayout.Placed;
import io.ucfleet.fleet.topology.Role;
import io.ucfleet.fleet.topology.Topology;
import io.ucfleet.platform.tls.ServiceCertificates;
import io.ucfleet.platform.tls.ServicesTrust;

/**
 * Starts, finds and stops a topology's processes on one host: each a {@link ServiceProcess}
 * detached and marked with its state directory, so that any later launcher (another
 * {@code deploy/local/cluster} command, a test) finds them. Processes start in parallel, at most
 * {@code parallel} booting at once (boot is CPU-bound: more than the cores only slows all).
 */
public final class Launcher {
    public static final String ADMIN_USER = "administrator";
    public static final String MONITOR_USER = "monitor";
    public static final String CLUSTER_USER = "cluster";
    /**
     * Many small JVMs on few cores (measured on 2 cores, bench/fleet-benchmark and the note of
     * issue 12): boot is CPU-bound, so C1 only ({@code TieredStopAtLevel=1}: 40 % less CPU to
     * ready, and less memory); a heap that starts small and grows ({@code -Xms16m}: 30 MB less
     * resident per JVM than starting at the maximum); the serial collector keeps GC threads off
     * the other cores; {@code MetaspaceSize} as in the image: a node's classes take about 100 MB of
     * metaspace, and each step of the default threshold up to it is a full collection (0.6 to 4 s on
     * a loaded machine, found by JFR in the replication benchmark). Later options
     * ({@code UCFLEET_LOCAL_JAVA_OPTS}) override these.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx160m", "-Xms16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:MetaspaceSize=160m");
    /** The shared database server's JVM only supervises the postmaster and answers its health check. */
    static final List<String> POSTGRES_JVM_OPTIONS = List.of("-Xmx128m", "-Xms8m", "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=5", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** A service certificate this close to its expiry is replaced at the next start. */
    static final java.time.Duration RENEW_BEFORE = java.time.Duration.ofDays(30);
    /** Each service's connection pool is at most this big (Agroal's default; node-service and cluster-sync use less). */
    private static final int POOL_LIMIT = 20;

    private final Topology topology;
    private final StateDir state;
    private final Path repo;
    private final List<String> extraJvmOptions;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final List<Placed> placed;
    private final boolean starting;

    /**
     * The fleet of {@code topology} under {@code state}, its jars in the checkout {@code repo}.
     * {@code starting}: secrets are made where missing (otherwise only read, so {@code status}
     * of a fleet never started creates nothing).
     */
    public Launcher(Topology topology, StateDir state, Path repo, List<String> extraJvmOptions, boolean starting) {
        this.topology = topology;
        this.state = state;
        this.repo = repo;
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
        this.placed = PortLayout.of(topology);
        this.starting = starting;
        Map<String, String> credentials = starting ? state.credentials() : state.existingCredentials().orElse(Map.of());
        for (Placed p : placed) {
            processes.put(p.name(), process(p, credentials));
        }
    }


    public Topology topology() {
        return topology;
    }

    public List<Placed> placed() {
        return placed;
    }

    public ServiceProcess process(String name) {
        ServiceProcess p = processes.get(name);
        if (p == null) {
            throw new LauncherException("no process \"" + name + "\" in " + topology.name() + "; it has "
                    + String.join(", ", processes.keySet()));
        }
        return p;
    }

    /** What runs a service: its Quarkus application, or for the shared database server the fleet jar. */
    public static Path artifact(Path repo, PortLayout.Service service) {
        return service == PortLayout.Service.POSTGRES ? repo.resolve("fleet/target/fleet.jar")
                : repo.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** What is to run, as the JVM sees it: ports, identity, where to find its cluster and its database. */
    private ServiceProcess process(Placed p, Map<String, String> credentials) {
        Path dir = state.of(p.name());
        String ip = topology.ip();
        if (p.service() == PortLayout.Service.POSTGRES) {
            List<String> databases = placed.stream().filter(o -> o != p).map(Placed::name).toList();
            return ServiceProcess.builder(p.name(), artifact(repo, p.service()))
                    .mainClass("io.ucfleet.fleet.database.SharedPostgres", repo.resolve("fleet/target/lib") + "/*")
                    .httpPort(p.http()).jvmOptions(POSTGRES_JVM_OPTIONS).marker(dir.toString()).workDir(dir)
                    .logFile(state.log(p.name())).property("quarkus.http.host", ip)
                    .property("ot.epg.working-dir", state.root.resolve("epg"))
                    .dataDir("ucfleet.postgres.data-dir", dir.resolve("data"))
                    .property("ucfleet.postgres.port", p.port("postgres").orElseThrow())
                    .property("ucfleet.postgres.databases", String.join(",", databases))
                    .property("ucfleet.postgres.max-connections", POOL_LIMIT * databases.size() + 10).build();
        }
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        options.addAll(extraJvmOptions);
        ServiceProcess.Builder b = ServiceProcess.builder(p.name(), artifact(repo, p.service())).httpPort(p.http()).jvmOptions(options)
                .marker(dir.toString()).workDir(dir).logFile(state.log(p.name()))
                .property("quarkus.http.host", ip).property("ot.epg.working-dir", state.root.resolve("epg"));
        sharedDatabase().ifPresent(db -> b.property("quarkus.datasource.jdbc.url",
                SharedPostgres.jdbcUrl(ip, db.port("postgres").orElseThrow(), p.name()))
                .env("QUARKUS_DATASOURCE_USERNAME", SharedPostgres.USER).env("QUARKUS_DATASOURCE_PASSWORD", SharedPostgres.PASSWORD));
        List<Placed> cluster = placed.stream().filter(o -> o.cluster().equals(p.cluster())).toList();
        String members = cluster.stream().filter(o -> o.service() == PortLayout.Service.NODE)
                .map(o -> "https://" + ip + ":" + o.port("https").orElseThrow()).collect(Collectors.joining(","));
        // the nodes' API is HTTPS only (their plain HTTP port redirects all but health and metrics)
        b.env("UCFLEET_CLUSTER_MEMBERS", members).env("UCFLEET_CLUSTER_USERNAME", CLUSTER_USER)
                .env("UCFLEET_CLUSTER_PASSWORD", credentials.getOrDefault(StateDir.CLUSTER_PASSWORD, ""));
        // every process verifies cluster-sync, ctl-service and lab-ca by the fleet's services CA
        b.property(ServicesTrust.CA_PROPERTY, state.servicesCaCertificate());
        if (p.service() != PortLayout.Service.NODE) {
            serviceCertificate(b, p, dir.resolve("data"));
        }
        switch (p.service()) {
            case NODE -> {
                Role role = p.role().orElseThrow();
                b.dataDir("ucfleet.node.data-dir", dir.resolve("data")).property("quarkus.http.ssl-port", p.port("https").orElseThrow())
                        .property("ucfleet.node.hostname", p.name()).property("ucfleet.node.fqdn", p.fqdn())
                        .property("ucfleet.node.ip", ip).property("ucfleet.node.role", role.name)
                        .property("ucfleet.node.cluster-name", p.cluster().orElseThrow().name());
                p.release().ifPresent(r -> b.property("ucfleet.node.version", r));
                if (p.port("ssh").isPresent()) {
                    b.property("ucfleet.node.ssh.host", ip).property("ucfleet.node.ssh.port", p.port("ssh").get());
                } else {
                    b.property("ucfleet.node.ssh.enabled", "false");
                }
                p.port("xmpp").ifPresent(port -> b.property("ucfleet.node.xmpp.host", ip).property("ucfleet.node.xmpp.port", port));
                p.port("xmppS2s").ifPresent(port -> b.property("ucfleet.node.xmpp.server-port", port));
                cluster.stream().filter(o -> o.service() == PortLayout.Service.CTL_SERVICE).findFirst()
                        .ifPresent(ctl -> b.property("ucfleet.ctl.url", "https://" + ip + ":" + ctl.port("https").orElseThrow()));
                cluster.stream().filter(o -> o.service() == PortLayout.Service.CLUSTER_SYNC).findFirst()
                        .ifPresent(sync -> b.property("ucfleet.sync.url", "https://" + ip + ":" + sync.port("https").orElseThrow()));
                accounts(b, credentials, true);
                if (starting) {
                    b.env("UCFLEET_NODE_KEY_ENCRYPTION_KEY", state.keyEncryptionKey(p.name()));
                }
            }
            case CTL_SERVICE -> {
                b.dataDir("ucfleet.ctl.data-dir", dir.resolve("data")).property("ucfleet.ctl.tftp-host", ip)
                        .property("ucfleet.ctl.tftp-port", p.port("tftp").orElseThrow())
                        .property("ucfleet.ctl.tftp-http-port", p.port("tftpHttp").orElseThrow());
                accounts(b, credentials, false);
            }
            case CLUSTER_SYNC -> {
                b.dataDir("ucfleet.sync.data-dir", dir.resolve("data"));
                // every cluster-sync shows the whole fleet on /fleet/: it reads the others' clusters
                String peers = placed.stream().filter(o -> o.service() == PortLayout.Service.CLUSTER_SYNC && o != p)
                        .map(o -> "https://" + ip + ":" + o.port("https").orElseThrow()).collect(Collectors.joining(","));
                b.env("UCFLEET_SYNC_FLEET_NAME", topology.name());
                if (!peers.isEmpty()) {
                    b.env("UCFLEET_SYNC_FLEET_PEERS", peers);
                }
                accounts(b, credentials, true); // the nodes' CLI reads its status as the cluster account
            }
            case LAB_CA -> {
                b.dataDir("ucfleet.lab-ca.data-dir", dir.resolve("data"))
                        .property("ucfleet.lab-ca.public-url", "http://" + ip + ":" + p.http())
                        .env("UCFLEET_LAB_CA_NODE_USERNAME", ADMIN_USER)
                        .env("UCFLEET_LAB_CA_NODE_PASSWORD", credentials.getOrDefault(StateDir.ADMIN_PASSWORD, ""));
                accounts(b, credentials, false);
                if (starting) {
                    b.env("UCFLEET_LAB_CA_KEY_ENCRYPTION_KEY", state.keyEncryptionKey(p.name()));
                }
            }
            case POSTGRES -> throw new IllegalStateException("placed above");
        }
        return b.build();
    }

    /**
     * A service's HTTPS: its port, and a certificate from the services CA for the names it is
     * reached by (127.0.0.1, localhost, the topology's IP, its process name), written as PEM into
     * its data directory ({@code tls/service.crt}, {@code tls/service.key}, mode 600): issued anew
     * only when the one there is not {@link ServiceCertificates#stillValid} (missing, another CA's
     * or names, within 30 days of expiry), so an {@code up} that finds the service running leaves
     * the files it serves as they are.
     */
    private void serviceCertificate(ServiceProcess.Builder b, Placed p, Path dataDir) {
        Path cert = dataDir.resolve("tls").resolve("service.crt");
        Path key = dataDir.resolve("tls").resolve("service.key");
        List<String> names = ServiceCertificates.localNames(p.name(), topology.ip());
        java.time.Instant now = java.time.Instant.now();
        ServiceCertificates.Issued ca = starting ? state.servicesCa() : null;
        if (starting && !ServiceCertificates.stillValid(cert, key, ca, names, now, RENEW_BEFORE)) {
            ServiceCertificates.Issued issued = ServiceCertificates.issue(ca, names, now);
            issued.write(cert, key);
            try { // the chain: the service's certificate, then the CA's
                Files.writeString(cert, issued.certificatePem() + ca.certificatePem());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + cert, e);
            }
        }
        b.property("quarkus.http.ssl-port", p.port("https").orElseThrow())
                .property(ServiceCertificates.CERT_PROPERTY, cert).property(ServiceCertificates.KEY_PROPERTY, key);
    }

    /** The fleet's shared database server, if its topology has one. */
    public java.util.Optional<Placed> sharedDatabase() {
        return placed.stream().filter(o -> o.service() == PortLayout.Service.POSTGRES).findFirst();
    }

    private static void accounts(ServiceProcess.Builder b, Map<String, String> credentials, boolean cluster) {
        b.env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", credentials.getOrDefault(StateDir.ADMIN_PASSWORD, ""))
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin")
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_MONITOR", credentials.getOrDefault(StateDir.MONITOR_PASSWORD, ""))
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_MONITOR", "read-only");
        if (cluster) {
            b.env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_CLUSTER", credentials.getOrDefault(StateDir.CLUSTER_PASSWORD, ""))
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_CLUSTER", "cluster");
        }
    }

    /** A process's state: {@code stopped}, {@code starting} (its JVM runs, not ready yet), {@code running}. */
    public String state(String name) {
        ServiceProcess p = process(name);
        return !p.isRunning() ? "stopped" : p.isReady() ? "running" : "starting";
    }

    /** What is not running, whose ports some other program holds: checked before anything starts. */
    public List<String> busyPorts() {
        List<String> busy = new ArrayList<>();
        for (Placed p : placed) {
            if (process(p.name()).isRunning()) {
                continue;
            }
            for (var port : p.ports().entrySet()) {
                if (!"tftp".equals(port.getKey()) && !Ports.bindable(port.getValue())) {
                    busy.add(topology.ip() + ":" + port.getValue() + " (" + p.name() + " " + port.getKey() + ")");
                }
            }
        }
        return busy;
    }

    /** One start's outcome. */
    public record Started(String name, boolean ok, long millis, String detail) {
    }

    /**
     * Starts every process that is not running and waits until each is ready, at most
     * {@code parallel} booting at once. Failures do not stop the others; each is reported with
     * its log's first error and tail, and its JVM (and PostgreSQL) stopped.
     */
    public List<Started> up(int parallel, Duration readyTimeout, Consumer<Started> progress) {
        if (!busyPorts().isEmpty()) {
            throw new LauncherException("ports needed by " + topology.name() + " are in use by another program: "
                    + String.join(", ", busyPorts()) + "; free them, or choose another port base (--port-base or"
                    + " UCFLEET_LOCAL_PORT_BASE)");
        }
        List<Started> outcomes = new ArrayList<>();
        java.util.Optional<Placed> database = sharedDatabase();
        if (database.isPresent()) { // every other process needs it to start
            Started db = start(database.get(), process(database.get().name()), readyTimeout, System.nanoTime());
            progress.accept(db);
            outcomes.add(db);
            if (!db.ok()) {
                placed.stream().filter(p -> p != database.get()).forEach(p -> outcomes.add(new Started(p.name(), false, 0,
                        "not started: its database server " + database.get().name() + " did not start")));
                return outcomes;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Started>> futures = new ArrayList<>();
            for (Placed p : placed) {
                if (database.isPresent() && p == database.get()) {
                    continue;
                }
                ServiceProcess process = process(p.name());
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Started outcome = start(p, process, readyTimeout, start);
                    progress.accept(outcome);
                    return outcome;
                }));
            }
            for (Future<Started> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while starting");
        } finally {
            pool.shutdownNow();
        }
    }

    private Started start(Placed p, ServiceProcess process, Duration readyTimeout, long startNanos) {
        try {
            if (!process.isRunning()) {
                Files.createDirectories(state.of(p.name()).resolve("data"));
                process.stopOrphanedPostgres(); // a node killed hard leaves its PostgreSQL running
                process.start();
            }
            process.awaitReady(readyTimeout);
            return new Started(p.name(), true, (System.nanoTime() - startNanos) / 1_000_000, "pid " + process.pid().orElse(-1L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            String firstError = firstError(state.log(p.name()));
            process.stop();
            return new Started(p.name(), false, (System.nanoTime() - startNanos) / 1_000_000,
                    (firstError == null ? "" : "first error: " + firstError + "\n") + e.getMessage());
        }
    }

    /** Stack traces bury the cause: the first ERROR line of a log. */
    static String firstError(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" ERROR ")).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * Stops everything, services before nodes, all at once (each SIGTERM, SIGKILL after 30 s),
     * the shared database server last; then leftover PostgreSQL.
     */
    public List<String> down() {
        List<ServiceProcess> running = new ArrayList<>();
        List<String> said = new ArrayList<>();
        java.util.Optional<ServiceProcess> database = sharedDatabase().map(p -> process(p.name()));
        for (int i = placed.size() - 1; i >= 0; i--) {
            ServiceProcess p = process(placed.get(i).name());
            if (p.isRunning() && (database.isEmpty() || p != database.get())) {
                running.add(p);
                said.add("stopped " + p.name() + " (pid " + p.pid().orElse(-1L) + ")");
            }
        }
        running.parallelStream().forEach(ServiceProcess::stop);
        database.filter(ServiceProcess::isRunning).ifPresent(db -> {
            said.add("stopped " + db.name() + " (pid " + db.pid().orElse(-1L) + ")");
            db.stop();
        });
        for (Placed p : placed) {
            process(p.name()).stopOrphanedPostgres();
        }
        return said;
    }
}
