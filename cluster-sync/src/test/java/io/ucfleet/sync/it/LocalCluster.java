package io.ucfleet.sync.it;

import static io.restassured.RestAssured.given;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.restassured.specification.RequestSpecification;
import io.ucfleet.fleet.process.ServiceProcess;

/**
 * A cluster of real processes on loopback for the multi-process tests and the benchmark:
 * packaged node-service jars, each on its own embedded PostgreSQL, and a packaged
 * cluster-sync on its own. Ports are free ones picked at start. Nodes can be stopped, killed
 * with SIGKILL (their orphaned PostgreSQL is stopped as a crashed host would lose it) and
 * started again on the same data directory; any process's PostgreSQL can be stopped, started
 * and restarted under its running JVM.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String CLUSTER = "cluster";
    public static final String CLUSTER_PASSWORD = "cluster-password";
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    public record Spec(String name, String role) {
    }

    private final Path root;
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private final SyncProcess sync;
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

    /** Starts {@code running} now; {@code later} are members too, started by the test (a node that joins). */
    public static LocalCluster start(Map<String, String> syncConfig, List<Spec> running, List<Spec> later) {
        return start(syncConfig, running, later, false);
    }

    /**
     * As {@link #start(Map, List, List)}; with {@code throughProxies} cluster-sync reaches every
     * node through a {@link TcpProxy} of its own ({@link #proxy}), so a test can cut or stall the link.
     */
    public static LocalCluster start(Map<String, String> syncConfig, List<Spec> running, List<Spec> later,
            boolean throughProxies) {
        LocalCluster cluster = new LocalCluster(syncConfig, running, later, throughProxies);
        try {
            CompletableFuture.allOf(running.stream().map(s -> CompletableFuture.runAsync(() -> cluster.node(s.name()).start()))
                    .toArray(CompletableFuture[]::new)).join();
            cluster.sync.start();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private LocalCluster(Map<String, String> syncConfig, List<Spec> running, List<Spec> later, boolean throughProxies) {
        try {
            root = Files.createTempDirectory("ucfleet-cluster-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // private copies of the packaged apps, so a rebuild during the run cannot change them
        copyApp("node-service");
        copyApp("cluster-sync");
        List<Spec> all = new ArrayList<>(running);
        all.addAll(later);
        for (Spec s : all) {
            nodes.put(s.name(), new NodeProcess(s.name(), s.role(), root.resolve(s.name()), jar("node-service")));
        }
        if (throughProxies) {
            nodes.values().forEach(n -> proxies.put(n.name, new TcpProxy(n.https)));
        }
        String members = nodes.values().stream().map(n -> throughProxies ? proxies.get(n.name).httpsUrl() : n.httpsUrl())
                .collect(Collectors.joining(","));
        sync = new SyncProcess(root.resolve("cluster-sync"), members, syncConfig, jar("cluster-sync"));
    }

    private void copyApp(String module) {
        Path from = REPO.resolve(module).resolve("target/quarkus-app");
        Path to = root.resolve("apps").resolve(module);
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " (package " + module + " first)", e);
        }
    }

    private Path jar(String module) {
        return root.resolve("apps").resolve(module).resolve("quarkus-run.jar");
    }

    public NodeProcess node(String name) {
        return nodes.get(name);
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes.values());
    }

    public SyncProcess sync() {
        return sync;
    }

    /** The link between cluster-sync and a node, when the cluster was started through proxies. */
    public TcpProxy proxy(String node) {
        return java.util.Objects.requireNonNull(proxies.get(node), "no proxy: start the cluster with throughProxies");
    }

    @Override
    public void close() {
        proxies.values().forEach(p -> p.set(TcpProxy.Link.UP)); // a stalled link must not hold up the stops
        sync.stop();
        nodes.values().parallelStream().forEach(Proc::stop);
        proxies.values().forEach(TcpProxy::close);
        // the logs stay (for a failure's story); the copies and databases go
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.toString().endsWith(".log"))
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not clean " + root + ": " + e);
        }
    }

    /** Polls every 10 ms until the condition holds; answers how long it took, or fails after the timeout. */
    public static Duration await(Duration timeout, String what, BooleanSupplier condition) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return Duration.between(start, Instant.now());
                }
            } catch (RuntimeException | AssertionError notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("not within " + timeout + ": " + what, notYet);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** One JVM of ours, restartable on the same data directory. */
    public abstract static class Proc {
        final String name;
        final Path dataDir;
        final int http;
        private final ServiceProcess process;
        private String postmasterCommand; // postmaster.opts of the PostgreSQL stopPostgres stopped

        Proc(String name, Path dataDir, ServiceProcess.Builder launch) {
            this.name = name;
            this.dataDir = dataDir;
            this.process = launch.workDir(dataDir)
                    .jvmOptions(List.of(System.getProperty("ucfleet.it.java-opts",
                            "-Xmx200m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").split(" ")))
                    .build();
            this.http = process.httpPort();
        }

        public String url() {
            return process.url();
        }

        public synchronized void start() {
            process.start().awaitReady(Duration.ofSeconds(180));
        }

        public synchronized boolean isRunning() {
            return process.isRunning();
        }

        /** {@code /q/health/ready} answers 200. */
        public boolean isReady() {
            return process.isReady();
        }

        /** SIGTERM: a clean stop (the JVM stops its embedded PostgreSQL). */
        public synchronized void stop() {
            process.stop();
        }

        /** SIGSTOP: the JVM freezes (its PostgreSQL runs on) until {@link #resume}. */
        public synchronized void pause() {
            process.pause();
        }

        /** SIGCONT after {@link #pause}. */
        public synchronized void resume() {
            process.resume();
        }

        /** SIGKILL, mid-whatever; then the orphaned PostgreSQL goes too, as on a crashed host. */
        public synchronized void kill() {
            process.kill();
        }

        /**
         * Restarts this process's embedded PostgreSQL under the running JVM, as {@code pg_ctl restart}
         * does: the postmaster is stopped with the signal of {@code mode} ({@code fast}: SIGINT,
         * clients disconnected, checkpoint; {@code immediate}: SIGQUIT, as a crash, WAL recovery at
         * start) and started again from the same binary, data directory, port and options.
         * Answers once it accepts connections again.
         */
        public void restartPostgres(String mode) {
            stopPostgres(mode);
            startPostgres();
        }

        /** Stops this process's embedded PostgreSQL and leaves it down; {@link #startPostgres()} brings it back. */
        public synchronized void stopPostgres(String mode) {
            String signal = switch (mode) {
                case "smart" -> "TERM";
                case "fast" -> "INT";
                case "immediate" -> "QUIT";
                default -> throw new IllegalArgumentException("no pg_ctl shutdown mode " + mode);
            };
            try {
                ProcessHandle postmaster = process.postmaster().orElseThrow(() -> new AssertionError(name + ": no PostgreSQL running"));
                // postmaster.opts: the command line it was started with ("<bin>/postgres" "-D" "<data>" "-p" "<port>" ...)
                postmasterCommand = Files.readString(process.postgresDir().resolve("postmaster.opts")).strip();
                new ProcessBuilder("kill", "-" + signal, Long.toString(postmaster.pid())).start().waitFor();
                postmaster.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(name + ": could not stop its PostgreSQL", e);
            }
        }

        /** Starts the PostgreSQL {@link #stopPostgres(String)} stopped, as it ran; answers when it accepts connections. */
        public synchronized void startPostgres() {
            // as root, in a user namespace of its own (as zonky starts it): PostgreSQL refuses uid 0
            List<String> command = new ArrayList<>("root".equals(System.getProperty("user.name"))
                    ? List.of("unshare", "-U") : List.of());
            var token = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(postmasterCommand);
            while (token.find()) {
                command.add(token.group(1) != null ? token.group(1) : token.group(2));
            }
            try {
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres-restarted.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            await(Duration.ofSeconds(60), name + "'s PostgreSQL accepting connections",
                    () -> psql("select 1").equals(List.of("1")));
        }

        /** A JDBC URL of this process's embedded PostgreSQL (user and password {@code postgres}). */
        public String jdbcUrl() {
            try {
                String port = Files.readAllLines(process.postgresDir().resolve("postmaster.pid")).get(3).strip();
                return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Runs one query with {@code psql} (an independent client) on this process's embedded PostgreSQL; answers its rows. */
        public List<String> psql(String sql) {
            try {
                String port = Files.readAllLines(process.postgresDir().resolve("postmaster.pid")).get(3).strip();
                ProcessBuilder builder = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d",
                        "postgres", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql).redirectErrorStream(true);
                builder.environment().put("PGPASSWORD", "postgres");
                Process p = builder.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError(name + ": psql failed: " + out);
                }
                return out.lines().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted during psql");
            }
        }

        public String tail() {
            return process.logTail();
        }

        /** Everything every start of it logged. */
        public String log() {
            return process.logText();
        }
    }

    /** A node-service: publisher, subscriber or IM and Presence. */
    public static final class NodeProcess extends Proc {
        final String role;
        final int https;

        NodeProcess(String name, String role, Path dataDir, Path jar) {
            this(name, role, dataDir, jar, ServiceProcess.freePort());
        }

        private NodeProcess(String name, String role, Path dataDir, Path jar, int https) {
            super(name, dataDir, launch(name, role, dataDir, jar, https));
            this.role = role;
            this.https = https;
        }

        private static ServiceProcess.Builder launch(String name, String role, Path dataDir, Path jar, int https) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return ServiceProcess.builder(name, jar).property("quarkus.http.ssl-port", https)
                    .property("ucfleet.node.hostname", name).property("ucfleet.node.fqdn", fqdn(name))
                    .property("ucfleet.node.ip", "127.0.0.1").property("ucfleet.node.role", role)
                    .dataDir("ucfleet.node.data-dir", dataDir.resolve("data"))
                    // A test moves a node's clock past the retention, so the tests prune every second; the
                    // benchmark keeps the product's hour (ucfleet.it.prune-every=1h): eight nodes pruning every
                    // second were a fifth as much CPU as the applies it measures (JFR).
                    .property("ucfleet.node.replication.prune-every", System.getProperty("ucfleet.it.prune-every", "1S"))
                    // The platform CLI on a free loopback port: several nodes run side by side.
                    .property("ucfleet.node.ssh.host", "127.0.0.1").property("ucfleet.node.ssh.port", "0")
                    .env("UCFLEET_NODE_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key))
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMIN", ADMIN_PASSWORD)
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMIN", "admin")
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_CLUSTER", CLUSTER_PASSWORD)
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_CLUSTER", "cluster");
        }

        private static String fqdn(String name) {
            return name + ".ucfleet.test";
        }

        public String fqdn() {
            return fqdn(name);
        }

        /** The node's API: HTTPS only (its plain HTTP port redirects all but health and metrics). */
        public String httpsUrl() {
            return "https://127.0.0.1:" + https;
        }

        /** The node's HTTPS, whose self-signed tomcat the test does not verify. */
        public RequestSpecification api() {
            return given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation();
        }

        public RequestSpecification admin() {
            return api().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
        }

        public RequestSpecification asCluster() {
            return api().auth().preemptive().basic(CLUSTER, CLUSTER_PASSWORD);
        }

        public void importTrust(String store, TestCertificates.Cert cert) {
            int status = admin().contentType("application/octet-stream").body(cert.der())
                    .post("/api/v1/trust-stores/" + store + "/certificates").statusCode();
            if (status != 200 && status != 201) {
                throw new AssertionError(name + ": import into " + store + " answered " + status);
            }
        }

        /** Deletes a trust certificate; answers the HTTP status (204/200 done, 404 not there). */
        public int deleteTrust(String store, String sha256) {
            return admin().delete("/api/v1/certificates/" + store + "/" + sha256 + "?confirm=true").statusCode();
        }

        /** The SHA-256 of every certificate in a store, as listed (duplicates would show twice). */
        public List<String> store(String store) {
            return admin().get("/api/v1/certificates?unit=" + store + "&size=1000").then().statusCode(200)
                    .extract().jsonPath().getList("items.sha256", String.class);
        }

        public boolean holds(String store, String sha256) {
            return admin().get("/api/v1/certificates/" + store + "/" + sha256).statusCode() == 200;
        }

        public String identity(String unit) {
            return admin().get("/api/v1/identities/" + unit).then().statusCode(200).extract().path("fingerprints.sha256");
        }

        public String regenerate(String unit) {
            return admin().contentType("application/json").body("{}").post("/api/v1/identities/" + unit + "/regenerate")
                    .then().statusCode(200).extract().path("certificate.fingerprints.sha256");
        }
    }

    /** cluster-sync, told every node URL. */
    public static final class SyncProcess extends Proc {
        /** Its API is HTTPS only; with no services CA here it presents the self-signed certificate it makes at start. */
        final int https;

        SyncProcess(Path dataDir, String members, Map<String, String> config, Path jar) {
            this(dataDir, members, config, jar, ServiceProcess.freePort());
        }

        private SyncProcess(Path dataDir, String members, Map<String, String> config, Path jar, int https) {
            super("cluster-sync", dataDir, ServiceProcess.builder("cluster-sync", jar)
                    .property("quarkus.http.ssl-port", https)
                    .dataDir("ucfleet.sync.data-dir", dataDir.resolve("data")).properties(config)
                    .env("UCFLEET_CLUSTER_MEMBERS", members).env("UCFLEET_CLUSTER_USERNAME", CLUSTER)
                    .env("UCFLEET_CLUSTER_PASSWORD", CLUSTER_PASSWORD)
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMIN", ADMIN_PASSWORD)
                    .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMIN", "admin"));
            this.https = https;
        }

        /** Plain HTTP: health and metrics. */
        public RequestSpecification api() {
            return given().port(http);
        }

        /** The management API ({@code /ucfleet/v1}) and the status, on HTTPS, as the administrator (its self-signed certificate not verified). */
        public RequestSpecification control() {
            return anonymous().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
        }

        /** Its API on HTTPS without credentials (its self-signed certificate not verified). */
        public RequestSpecification anonymous() {
            return given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
