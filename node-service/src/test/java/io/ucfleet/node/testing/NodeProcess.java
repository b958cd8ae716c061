package io.ucfleet.node.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.restassured.specification.RequestSpecification;

/**
 * One node as a user runs it: the packaged jar on 127.0.0.1, free ports, its own data
 * directory and embedded PostgreSQL, a fixed key-encryption key so it can be restarted on
 * its data. Accounts: {@code administrator} (admin) and {@code cluster} (the service account).
 */
public final class NodeProcess implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "it-admin-password";
    public static final String CLUSTER_PASSWORD = "it-cluster-password";

    public final String name;
    public final String role;
    public final int http;
    public final int https;
    public final Path dataDir;
    private final String kek;
    private final Map<String, String> extraEnv = new HashMap<>();
    private final List<String> extraProperties = new ArrayList<>();
    private Process process;
    private Path log;
    private final List<Path> logs = new ArrayList<>();

    public NodeProcess(String name, String role) throws IOException {
        this.name = name;
        this.role = role;
        this.http = freePort();
        this.https = freePort();
        this.dataDir = Files.createTempDirectory("ucfleet-" + name);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.kek = Base64.getEncoder().encodeToString(key);
    }

    public String url() {
        return "http://127.0.0.1:" + http;
    }

    public NodeProcess env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    public NodeProcess property(String key, String value) {
        extraProperties.add("-D" + key + "=" + value);
        return this;
    }

    /** Starts the JVM; {@link #awaitReady} waits for it. */
    public void start() throws IOException {
        log = dataDir.resolve(name + "-" + System.nanoTime() + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-Ducfleet.node.hostname=" + name, "-Ducfleet.node.fqdn=" + name + ".ucfleet.test",
                "-Ducfleet.node.ip=127.0.0.1", "-Ducfleet.node.role=" + role, "-Ducfleet.node.data-dir=" + dataDir,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + http, "-Dquarkus.http.ssl-port=" + https));
        command.addAll(extraProperties);
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("UCFLEET_NODE_KEY_ENCRYPTION_KEY", kek);
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", ADMIN_PASSWORD);
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin");
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_CLUSTER", CLUSTER_PASSWORD);
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_CLUSTER", "cluster");
        env.put("UCFLEET_CLUSTER_USERNAME", "cluster");
        env.put("UCFLEET_CLUSTER_PASSWORD", CLUSTER_PASSWORD);
        env.putAll(extraEnv);
        process = builder.start();
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + logText());
            }
            try {
                if (given().port(http).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready in " + timeout.toSeconds() + " s: " + logText());
    }

    public RequestSpecification asAdmin() {
        return given().port(http).auth().preemptive().basic("administrator", ADMIN_PASSWORD);
    }

    /** SIGTERM (the node stops its embedded PostgreSQL), SIGKILL after 30 s. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Everything every run of this node logged. */
    public String logText() {
        StringBuilder text = new StringBuilder();
        for (Path file : logs) {
            try {
                text.append(Files.readString(file));
            } catch (IOException e) {
                text.append("(no log ").append(file).append(")");
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Stops the node and deletes its data directory (database, logs). */
    public void destroy() throws InterruptedException, IOException {
        stop();
        if (Files.isDirectory(dataDir)) {
            try (var paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
