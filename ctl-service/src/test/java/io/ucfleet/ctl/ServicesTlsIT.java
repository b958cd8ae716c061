package io.ucfleet.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.ucfleet.junit.Fleet;
import io.ucfleet.junit.FleetProcess;
import io.ucfleet.junit.UcfleetFleet;
import io.ucfleet.platform.tls.ServiceCertificates;
import io.ucfleet.platform.tls.ServicesTrust;

/**
 * The fleet's services on HTTPS, verified by the launcher's services CA (README, "HTTPS
 * (cluster-sync, ctl-service, lab-ca)"), judged from outside: curl with {@code --cacert} (an
 * independent TLS client, host name checked) against cluster-sync and ctl-service; the plain
 * port's 302; a node's CLI ({@code utils dbreplication runtimestate}, the real OpenSSH client)
 * through its verified channel to cluster-sync; and with a wrong CA that same call failing with
 * a problem that names the failed verification.
 */
@UcfleetFleet(topology = "topologies/ctl-it.yaml", parallel = 4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesTlsIT {
    static Fleet fleet;

    record Run(int exit, String out) {
    }

    static Run run(List<String> command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            Path askpass = Files.createTempFile("ucfleet-askpass", ".sh");
            Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$UCFLEET_TEST_SSH_PASSWORD\"\n");
            askpass.toFile().setExecutable(true);
            builder.environment().put("SSH_ASKPASS", askpass.toString());
            builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
            builder.environment().put("DISPLAY", ":0");
            builder.environment().put("UCFLEET_TEST_SSH_PASSWORD", password);
        }
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Run(p.exitValue(), out);
    }

    static Run curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        return run(command, null);
    }

    static Run cli(String node, String command) throws Exception {
        int port = fleet.node(node).sshPort().orElseThrow();
        Fleet.Account admin = fleet.credentials().admin();
        Path knownHosts = Files.createTempFile("ucfleet-known-hosts", "");
        return run(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(port), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "LogLevel=ERROR", "-o", "BatchMode=no",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1",
                "-o", "ConnectTimeout=10", admin.username() + "@127.0.0.1", "--", command), admin.password());
    }

    static String monitor() {
        Fleet.Account monitor = fleet.credentials().readOnly();
        return monitor.username() + ":" + monitor.password();
    }

    @Test
    @Order(1)
    void curlVerifiesClusterSyncAndCtlServiceByTheServicesCaWithTheirHostName() throws Exception {
        FleetProcess sync = fleet.process("cluster-sync");
        FleetProcess ctl = fleet.process("ctl-service");
        String ca = fleet.servicesCa().toString();
        int syncHttps = sync.port("https").orElseThrow();
        Run status = curl("--cacert", ca, "-u", monitor(), "-w", "\n%{http_code}", "https://127.0.0.1:" + syncHttps + "/api/v1/sync");
        assertEquals(0, status.exit(), status.out());
        assertTrue(status.out().endsWith("\n200") && status.out().contains("\"service\":\"cluster-sync\""), status.out());
        Run byName = curl("--cacert", ca, "-u", monitor(), "-o", "/dev/null", "-w", "%{http_code}",
                "https://localhost:" + syncHttps + "/api/v1/sync");
        assertEquals(new Run(0, "200"), byName);
        Run ctlStatus = curl("--cacert", ca, "-u", monitor(), "-o", "/dev/null", "-w", "%{http_code}",
                "https://127.0.0.1:" + ctl.port("https").orElseThrow() + "/api/v1/ctl");
        assertEquals(new Run(0, "200"), ctlStatus);
        // the harness's own client verifies them by the same CA
        assertEquals(200, sync.client().readOnly().get("/api/v1/sync").status());
    }

    @Test
    @Order(2)
    void anotherCaOrAnotherHostNameIsRefusedByCurl() throws Exception {
        Path wrong = Files.createTempFile("wrong-ca", ".pem");
        Files.writeString(wrong, ServiceCertificates.newCa("not the fleet's", Instant.now()).certificatePem());
        int syncHttps = fleet.process("cluster-sync").port("https").orElseThrow();
        Run refused = curl("--cacert", wrong.toString(), "https://127.0.0.1:" + syncHttps + "/api/v1/sync");
        assertEquals(60, refused.exit(), refused.out()); // CURLE_PEER_FAILED_VERIFICATION
        // a name its certificate does not carry: curl connects to 127.0.0.1 but checks the name
        Run otherName = curl("--cacert", fleet.servicesCa().toString(), "--resolve", "elsewhere.test:" + syncHttps + ":127.0.0.1",
                "https://elsewhere.test:" + syncHttps + "/api/v1/sync");
        assertEquals(60, otherName.exit(), otherName.out());
    }

    @Test
    @Order(3)
    void thePlainPortRedirectsTheApiAndAnswersHealth() throws Exception {
        FleetProcess sync = fleet.process("cluster-sync");
        Run redirect = curl("-u", monitor(), "-D", "-", "-o", "/dev/null", sync.plainUrl() + "/api/v1/sync");
        assertTrue(redirect.out().startsWith("HTTP/1.1 302") && redirect.out().toLowerCase().contains(
                "location: https://127.0.0.1:" + sync.port("https").orElseThrow() + "/api/v1/sync"), redirect.out());
        assertEquals(new Run(0, "200"), curl("-o", "/dev/null", "-w", "%{http_code}", sync.plainUrl() + "/q/health/ready"));
    }

    @Test
    @Order(4)
    void theNodesCliReadsClusterSyncThroughItsVerifiedChannel() throws Exception {
        Run state = cli("cucm-pub", "utils dbreplication runtimestate");
        assertEquals(0, state.exit(), state.out());
        assertTrue(state.out().contains("Cluster Replication State:") && state.out().contains("Cluster Detailed View"),
                state.out());
    }

    /**
     * The subscriber restarted while the services CA file holds another CA: its CLI's call to
     * cluster-sync is refused at the handshake, and the problem says which verification failed.
     */
    @Test
    @Order(5)
    void withAWrongCaTheNodesCallFailsNamingTheFailedVerification() throws Exception {
        Path ca = fleet.servicesCa();
        Path saved = Files.createTempFile("services-ca", ".pem");
        Files.copy(ca, saved, StandardCopyOption.REPLACE_EXISTING);
        FleetProcess sub = fleet.node("cucm-sub");
        try {
            sub.stop();
            Files.writeString(ca, ServiceCertificates.newCa("not the fleet's", Instant.now()).certificatePem());
            sub.start();
            Run state = cli("cucm-sub", "utils dbreplication runtimestate");
            assertTrue(state.out().contains("cluster-sync at 127.0.0.1:" + fleet.process("cluster-sync").port("https").orElseThrow()
                    + " cannot be reached: its certificate failed verification") && state.out().contains(ServicesTrust.NOT_VERIFIED)
                    && state.out().contains(ServicesTrust.CA_PROPERTY), state.out());
        } finally {
            Files.copy(saved, ca, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
