package io.ucfleet.node;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Openssl;

/**
 * The packaged jar as a user runs it: no database configured, so it starts embedded
 * PostgreSQL under its data directory; as an IM and Presence node; restarted on the same data
 * directory it keeps its certificates; its log never prints a private key.
 */
class EmbeddedDefaultIT {
    private static final String PASSWORD = "it-admin-password";
    private Process process;
    private Path log;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theJarRunsAnImAndPresenceNodeOnEmbeddedPostgresAndKeepsItsStateAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("ucfleet-it");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        String kekText = Base64.getEncoder().encodeToString(kek);
        int http = freePort();
        int https = freePort();

        start(dataDir, kekText, http, https);
        var api = api(http);
        api.get("/api/v1/node").then().statusCode(200).body("role", equalTo("im-and-presence"));
        api.get("/api/v1/certificates?usage=identity").then().statusCode(200)
                .body("total", equalTo(9))
                .body("items.unit", hasItems("tomcat", "tomcat-ECDSA", "cup", "cup-ECDSA", "cup-xmpp", "cup-xmpp-ECDSA",
                        "cup-xmpp-s2s", "cup-xmpp-s2s-ECDSA", "ipsec"));
        api.get("/api/v1/trust-stores").then().body("name", equalTo(List.of("tomcat-trust", "ipsec-trust", "cup-trust",
                "cup-xmpp-trust")));
        for (var profile : io.ucfleet.node.identity.NodeRole.IM_AND_PRESENCE.identities) {
            String pem = api.get("/api/v1/identities/" + profile.unit).then().statusCode(200).extract().path("pem");
            io.ucfleet.node.testing.IdentityJudge.assertFirstStartIdentity(pem, profile, "imp-1.ucfleet.test");
        }
        String tomcat = api.get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        String cupXmpp = api.get("/api/v1/identities/cup-xmpp").then().extract().path("fingerprints.sha256");
        assertEquals(tomcat, servedSha256(https));

        stop();
        start(dataDir, kekText, http, https);
        var again = api(http);
        again.get("/api/v1/identities/tomcat").then().body("fingerprints.sha256", equalTo(tomcat));
        again.get("/api/v1/identities/cup-xmpp").then().body("fingerprints.sha256", equalTo(cupXmpp));
        assertEquals(tomcat, servedSha256(https));

        String logText = Files.readString(log);
        assertTrue(logText.contains("embedded PostgreSQL"), logText);
        assertFalse(logText.contains("PRIVATE KEY"));
    }

    @Test
    void aWrongKeyEncryptionKeyFailsTheBootClearly() throws Exception {
        Path dataDir = Files.createTempDirectory("ucfleet-it");
        int http = freePort();
        List<String> command = command(dataDir, http, freePort());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("UCFLEET_NODE_KEY_ENCRYPTION_KEY", "dG9vIHNob3J0");
        process = builder.start();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the node should stop on a bad key-encryption key");
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(output.contains("must be 32 bytes"), output);
    }

    private void start(Path dataDir, String kek, int http, int https) throws Exception {
        log = dataDir.resolve("node-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(dataDir, http, https))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("UCFLEET_NODE_KEY_ENCRYPTION_KEY", kek);
        builder.environment().put("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", PASSWORD);
        builder.environment().put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ADMINISTRATOR", "admin");
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), () -> "node exited: " + read(log));
            try {
                if (given().port(http).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node not ready in 120 s: " + read(log));
    }

    private static List<String> command(Path dataDir, int http, int https) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Ducfleet.node.hostname=imp-1", "-Ducfleet.node.fqdn=imp-1.ucfleet.test", "-Ducfleet.node.ip=127.0.0.1",
                "-Ducfleet.node.role=im-and-presence", "-Ducfleet.node.data-dir=" + dataDir,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + http, "-Dquarkus.http.ssl-port=" + https,
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString()));
        return command;
    }

    private static RequestSpecification api(int port) {
        return given().port(port).auth().preemptive().basic("administrator", PASSWORD);
    }

    private static String servedSha256(int port) {
        String out = Openssl.withInput("", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "imp-1.ucfleet.test").stdout();
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        String fp = Openssl.withInput(out.substring(begin, end) + "\n", "x509", "-noout", "-fingerprint", "-sha256").out();
        return fp.substring(fp.indexOf('=') + 1).trim().replace(":", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
