package io.ucfleet.node.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import io.restassured.specification.RequestSpecification;
import io.ucfleet.fleet.process.ServiceProcess;

/**
 * One node as a user runs it: the packaged jar on 127.0.0.1, free ports, its own data
 * directory and embedded PostgreSQL, a fixed key-encryption key so it can be restarted on
 * its data. Accounts: {@code administrator} (admin) and {@code cluster} (the service account).
 */
public final class NodeProcess implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "it-admin-password";
    public static final String CLUSTER_PASSWORD = "it-cluster-password";
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    public final String name;
    public final String role;
    public final int http;
    public final int https;
    public final Path dataDir;
    private final ServiceProcess.Builder launch;
    private ServiceProcess process;

    public NodeProcess(String name, String role) throws IOException {
        this.name = name;
        this.role = role;
        int[] ports = ServiceProcess.freePorts(2);
        this.http = ports[0];
        this.https = ports[1];
        this.dataDir = Files.createTempDirectory("ucfleet-" + name);
        this.launch = node(name, role, dataDir, JAR).httpPort(http).property("quarkus.http.ssl-port", https)
                .env("UCFLEET_CLUSTER_USERNAME", "cluster").env("UCFLEET_CLUSTER_PASSWORD", CLUSTER_PASSWORD);
    }

    /**
     * A node-service launch: hostname {@code name}, FQDN {@code name.ucfleet.test}, IP 127.0.0.1,
     * a fresh key-encryption key, and the {@code administrator} and {@code cluster} accounts.
     */
    public static ServiceProcess.Builder node(String name, String role, Path dataDir, Path jar) {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return ServiceProcess.builder(name, jar).property("ucfleet.node.hostname", name)
                .property("ucfleet.node.fqdn", name + ".ucfleet.test").property("ucfleet.node.ip", "127.0.0.1")
                .property("ucfleet.node.role", role).dataDir("ucfleet.node.data-dir", dataDir)
                // The platform CLI on a free loopback port: several nodes run side by side.
                .property("ucfleet.node.ssh.host", "127.0.0.1").property("ucfleet.node.ssh.port", "0")
                // and the XMPP ports of IM and Presence (5222 and 5269 are not ours to take on a test machine)
                .property("ucfleet.node.xmpp.host", "127.0.0.1").property("ucfleet.node.xmpp.port", "0")
                .property("ucfleet.node.xmpp.server-port", "0")
                .env("UCFLEET_NODE_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(kek))
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", ADMIN_PASSWORD)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin")
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_CLUSTER", CLUSTER_PASSWORD)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_CLUSTER", "cluster");
    }

    /** The node's API: HTTPS only (its plain HTTP port answers health and metrics and redirects the rest). */
    public String url() {
        return "https://127.0.0.1:" + https;
    }

    /** The plain HTTP port's URL: health, metrics, and the redirect of everything else. */
    public String plainUrl() {
        return "http://127.0.0.1:" + http;
    }

    /** The node's HTTPS; its self-signed tomcat is not verified here (the tests that judge it read it). */
    public RequestSpecification api() {
        return given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation();
    }

    public NodeProcess env(String key, String value) {
        launch.env(key, value);
        return this;
    }

    public NodeProcess property(String key, String value) {
        launch.property(key, value);
        return this;
    }

    /** Starts the JVM; {@link #awaitReady} waits for it. */
    public void start() {
        if (process == null) {
            process = launch.build();
        }
        process.start();
    }

    public void awaitReady(Duration timeout) {
        process.awaitReady(timeout);
    }

    public RequestSpecification asAdmin() {
        return api().auth().preemptive().basic("administrator", ADMIN_PASSWORD);
    }

    /**
     * The tomcat exchange cluster-sync makes in a cluster (seed 002), for nodes that run without
     * it: each node's tomcat into every other's tomcat-trust, since a node trusts a peer it calls
     * by its own tomcat-trust (else "unable to connect to Remote Node").
     */
    public static void exchangeTomcat(NodeProcess... nodes) {
        for (NodeProcess from : nodes) {
            String pem = from.asAdmin().get("/api/v1/identities/tomcat").then().statusCode(200).extract().path("pem");
            for (NodeProcess to : nodes) {
                if (to != from) {
                    to.asAdmin().contentType("application/x-pem-file").body(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
                }
            }
        }
    }

    /** SIGTERM (the node stops its embedded PostgreSQL), SIGKILL after 30 s. */
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** Everything every run of this node logged. */
    public String logText() {
        return process == null ? "" : process.logText();
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the node and deletes its data directory (database, logs). */
    public void destroy() throws IOException {
        stop();
        if (Files.isDirectory(dataDir)) {
            try (var paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
