package io.ucfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.ucfleet.junit.Fleet;
import io.ucfleet.junit.FleetNode;
import io.ucfleet.junit.FleetProcess;
import io.ucfleet.junit.FleetResponse;
import io.ucfleet.junit.UcfleetFleet;

/**
 * The JUnit extension (module {@code junit}) as a user's build runs it, here because this module
 * is built after the service jars the extension starts. The fixture classes below are the
 * user's tests: {@link Handle} proves the handle on a publisher and a subscriber (URLs, accounts,
 * replication, pause, kill and start, restart), {@link SameSuite} shares its SUITE fleet, and
 * {@link CannotStart} is a fleet whose node cannot boot; each fixture
 * run goes through the JUnit Platform so that this class can judge what a run leaves behind: no
 * JVM, no PostgreSQL, and (after passing tests) no state directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UcfleetExtensionIT {

    // parallel = 4: the services boot within the nodes' boot (ClusterCtlIT measured ~8 s less)
    @UcfleetFleet(topology = "topologies/extension-it.yaml", scope = UcfleetFleet.Scope.SUITE, parallel = 4)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Handle {
        static Fleet fleet;
        static Path stateDir;
        /** Every JVM and postmaster the fleet ran, to be found dead after the run. */
        static final Set<Long> PIDS = ConcurrentHashMap.newKeySet();
        static String firstCa;

        @UcfleetFleet.Inject
        Fleet instanceField;

        @BeforeAll
        static void remember(Fleet parameter) {
            assertSame(fleet, parameter, "the static field is set before @BeforeAll, to the fleet parameters get");
            stateDir = fleet.stateDir();
        }

        @AfterAll
        static void recordPids() throws IOException {
            for (FleetProcess p : fleet.processes()) {
                p.pid().ifPresent(PIDS::add);
                Path postmaster = fleet.stateDir().resolve(p.name()).resolve("data/postgres/postmaster.pid");
                if (Files.exists(postmaster)) {
                    PIDS.add(Long.parseLong(Files.readAllLines(postmaster).get(0).strip()));
                }
            }
        }

        @Test
        @Order(1)
        void everyProcessAnswersAtItsUrlsAsTheTopologyNamesIt(Fleet parameter) throws Exception {
            assertSame(fleet, parameter);
            assertSame(fleet, instanceField);
            assertEquals(List.of("cucm-pub", "cucm-sub", "cluster-sync", "ctl-service"),
                    fleet.processes().stream().map(FleetProcess::name).toList());
            int base = fleet.topology().ports().base();
            assertTrue(base >= 10_000 && base < 32_768, "an automatic base below the ephemeral range: " + base);
            for (FleetNode node : fleet.nodes()) {
                JsonNode info = node.get("/api/v1/node").expect(200).json();
                assertEquals(node.name() + ".ext-it.ucfleet.test", node.fqdn());
                assertEquals(node.fqdn(), info.path("fqdn").asText(), info.toString());
                assertEquals(node.role().name, info.path("role").asText(), info.toString());
                assertEquals("ext-it", info.path("cluster").asText(), info.toString());
                assertTrue(node.sshPort().isPresent());

                FleetResponse overHttps = node.https().get("/api/v1/node").expect(200);
                X509Certificate presented = overHttps.tlsCertificates().get(0);
                assertEquals(info.path("servedWebCertificateSha256").asText(), sha256(presented.getEncoded()),
                        "HTTPS presents the tomcat certificate the node says it serves");
                assertTrue(presented.getSubjectX500Principal().getName().contains("CN=" + node.fqdn()));
            }
            assertEquals(fleet.node("cucm-pub").httpPort() + 1, fleet.node("cucm-sub").httpPort());
            FleetProcess ctl = fleet.process("ctl-service");
            assertEquals("non-secure", ctl.get("/api/v1/ctl").expect(200).json().path("clusterSecurityMode").asText());
            assertEquals(401, ctl.client().anonymous().get("/api/v1/ctl").status());
            JsonNode sync = fleet.process("cluster-sync").get("/api/v1/sync").expect(200).json();
            assertEquals(2, sync.path("members").size(), sync.toString());
            var unknown = assertThrows(IllegalArgumentException.class, () -> fleet.node("cluster-sync"));
            assertEquals("no node \"cluster-sync\" in extension-it; its nodes are [cucm-pub, cucm-sub]", unknown.getMessage());
        }

        @Test
        @Order(2)
        void theReadOnlyUserReadsButMayNotChange() throws Exception {
            FleetNode pub = fleet.node("cucm-pub");
            assertEquals("monitor", fleet.credentials().readOnly().username());
            assertEquals(200, pub.client().readOnly().get("/api/v1/trust-stores").status());
            FleetResponse refused = pub.client().readOnly().post("/api/v1/trust-stores/tomcat-trust/certificates",
                    newCa("Extension IT refused CA").getBytes(StandardCharsets.UTF_8), "application/x-pem-file");
            assertEquals(403, refused.status(), refused.text());
            assertEquals(401, pub.client().anonymous().get("/api/v1/trust-stores").status());
            assertEquals(401, pub.client().as("administrator", "wrong").get("/api/v1/trust-stores").status());
        }

        @Test
        @Order(3)
        void awaitReplicatedReturnsOnceATrustImportOnThePublisherIsOnTheSubscriber() throws Exception {
            String pem = newCa("Extension IT CA 1");
            firstCa = sha256(pem);
            FleetResponse imported = fleet.node("cucm-pub").post("/api/v1/trust-stores/tomcat-trust/certificates",
                    pem.getBytes(StandardCharsets.UTF_8), "application/x-pem-file").expect(201);
            assertEquals(firstCa, imported.json().path("imported").get(0).path("sha256").asText());
            fleet.awaitReplicated(Duration.ofSeconds(60));
            assertTrue(trusted(fleet.node("cucm-sub")).contains(firstCa), "on the subscriber without polling");
        }

        @Test
        @Order(4)
        void aPausedSubscriberTimesOutAndHoldsReplicationBackUntilResumed() throws Exception {
            FleetNode sub = fleet.node("cucm-sub");
            sub.pause();
            try {
                var noAnswer = assertThrows(UncheckedIOException.class,
                        () -> sub.client().timeout(Duration.ofSeconds(2)).get("/api/v1/node"));
                assertInstanceOf(HttpTimeoutException.class, noAnswer.getCause(), noAnswer.toString());
                String pem = newCa("Extension IT CA 2");
                fleet.node("cucm-pub").post("/api/v1/trust-stores/tomcat-trust/certificates",
                        pem.getBytes(StandardCharsets.UTF_8), "application/x-pem-file").expect(201);
                AssertionError notYet = assertThrows(AssertionError.class, () -> fleet.awaitReplicated(Duration.ofSeconds(4)));
                assertTrue(notYet.getMessage().startsWith("extension-it not replicated within 4000 ms: "), notYet.getMessage());
                assertTrue(notYet.getMessage().contains("cucm-sub"), notYet.getMessage());
                assertTrue(notYet.getMessage().contains("last status of cluster-sync: {"), notYet.getMessage());
                sub.resume();
                assertEquals(200, sub.get("/api/v1/node").status());
                fleet.awaitReplicated(Duration.ofSeconds(60));
                assertTrue(trusted(sub).contains(sha256(pem)));
            } finally {
                if (sub.isRunning()) {
                    sub.resume(); // idempotent: a running JVM ignores SIGCONT
                }
            }
        }

        @Test
        @Order(5)
        void aKilledSubscriberStartsAgainOnTheSameData() throws Exception {
            FleetNode sub = fleet.node("cucm-sub");
            String tomcat = sub.get("/api/v1/identities/tomcat").expect(200).json().path("fingerprints").path("sha256").asText();
            long pid = sub.pid().orElseThrow();
            PIDS.add(pid);
            sub.kill();
            assertFalse(sub.isRunning());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThrows(UncheckedIOException.class, () -> sub.get("/api/v1/node"));

            sub.start();
            assertTrue(sub.isReady());
            assertNotEquals(pid, sub.pid().orElseThrow());
            assertEquals(tomcat, sub.get("/api/v1/identities/tomcat").expect(200).json().path("fingerprints").path("sha256")
                    .asText(), "the same tomcat certificate: same data directory and key-encryption key");
            assertTrue(trusted(sub).contains(firstCa), "and the same trust store");
            fleet.awaitReplicated(Duration.ofSeconds(60));
        }

        @Test
        @Order(6)
        void aRestartedClusterSyncResumesAndReplicatesAgain() throws Exception {
            FleetProcess sync = fleet.process("cluster-sync");
            long pid = sync.pid().orElseThrow();
            PIDS.add(pid);
            sync.restart();
            assertNotEquals(pid, sync.pid().orElseThrow());
            String pem = newCa("Extension IT CA 3");
            fleet.node("cucm-sub").post("/api/v1/trust-stores/tomcat-trust/certificates", pem.getBytes(StandardCharsets.UTF_8),
                    "application/x-pem-file").expect(201);
            fleet.awaitReplicated(Duration.ofSeconds(60));
            assertTrue(trusted(fleet.node("cucm-pub")).contains(sha256(pem)), "from the subscriber to the publisher");
        }

        @Test
        @Order(7)
        void theManagementApiMakesTheFleetFreshBetweenTests() throws Exception {
            FleetNode pub = fleet.node("cucm-pub");
            String tomcat = pub.get("/api/v1/identities/tomcat").expect(200).json().path("fingerprints").path("sha256").asText();
            var before = trusted(fleet.node("cucm-sub"));
            fleet.control().fresh();
            assertNotEquals(tomcat, pub.get("/api/v1/identities/tomcat").expect(200).json().path("fingerprints").path("sha256")
                    .asText(), "a fresh install has new identities");
            fleet.awaitReplicated(Duration.ofSeconds(60));
            var after = trusted(fleet.node("cucm-sub"));
            assertFalse(after.isEmpty());
            assertTrue(java.util.Collections.disjoint(before, after), "none of the trust from before: " + before + " / " + after);
            fleet.control().clock(Duration.ofDays(30), List.of("cucm-sub"));
            assertEquals("PT720H", fleet.node("cucm-sub").get("/ucfleet/v1/clock").expect(200).json().path("offset").asText());
        }
    }

    @UcfleetFleet(topology = "topologies/extension-it.yaml", scope = UcfleetFleet.Scope.SUITE, parallel = 4)
    static class SameSuite {
        static Fleet seen;

        @Test
        void aSecondClassGetsTheSameRunningFleet(Fleet fleet) {
            seen = fleet;
            assertEquals(200, fleet.node("cucm-pub").get("/api/v1/node").status());
        }
    }

    @UcfleetFleet(topology = "topologies/cannot-start-it.yaml", jvmOptions = "-Ducfleet.node.max-upload-bytes=lots")
    static class CannotStart {
        static Fleet fleet;

        @Test
        void never() {
            fail("ran without its fleet");
        }
    }

    @Test
    @Order(1)
    void aSuiteFleetServesTwoClassesProvesTheHandleAndLeavesNothingBehind() throws Exception {
        FixtureRun run = FixtureRun.of(Handle.class, SameSuite.class);
        assertEquals(List.of(), run.failed(), run.report());
        assertEquals(8, run.passed().size(), run.report());
        assertSame(Handle.fleet, SameSuite.seen, "one fleet for both classes");
        assertEquals(10, Handle.PIDS.size(), "6 JVMs (the subscriber's and cluster-sync's twice) and 4 postmasters: "
                + Handle.PIDS);
        // a postmaster told to stop may take a moment to exit after its JVM did: gone within 15 s
        long deadline = System.nanoTime() + 15_000_000_000L;
        for (long pid : Handle.PIDS) {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs: "
                    + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?"));
        }
        assertEquals(List.of(), leftBehind(Handle.stateDir));
        assertFalse(Files.exists(Handle.stateDir), "a passing run deletes its state directory");
    }

    @Test
    @Order(2)
    void aFleetThatCannotStartFailsTheClassWithTheLaunchersMessageAndLeavesNothingRunning() throws Exception {
        FixtureRun run = FixtureRun.of(CannotStart.class);
        assertEquals(List.of(), run.passed());
        assertEquals(1, run.failures().size(), run.report());
        String message = run.failures().get(0).getMessage();
        assertTrue(message.startsWith("ucfleet: cannot-start-it did not start\ncuc-pub failed to start: "), message);
        assertTrue(message.contains("SRCFG00039: The config property ucfleet.node.max-upload-bytes with the config value \"lots\""),
                message);
        assertFalse(message.contains("cluster-sync failed"), "cluster-sync started: " + message);
        assertNull(CannotStart.fleet);
        Matcher state = Pattern.compile("state and logs: (\\S+)").matcher(message);
        assertTrue(state.find(), message);
        Path dir = Path.of(state.group(1));
        try {
            assertTrue(Files.readString(dir.resolve("cluster-sync/cluster-sync.log")).contains("Listening on"),
                    "cluster-sync was up, so there was something to stop");
            assertTrue(Files.exists(dir.resolve("cuc-pub/cuc-pub.log")), "the logs are kept for the user");
            assertEquals(List.of(), leftBehind(dir));
        } finally {
            delete(dir);
        }
    }

    /** Processes whose command line names the state directory: the JVMs (their marker) and each postmaster ({@code -D}). */
    static List<String> leftBehind(Path stateDir) {
        String dir = stateDir.toString();
        List<String> left = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> h.info().commandLine().filter(c -> c.contains(dir))
                .ifPresent(c -> left.add(h.pid() + " " + c)));
        return left;
    }

    static Set<String> trusted(FleetNode node) {
        JsonNode page = node.get("/api/v1/certificates?unit=tomcat-trust&size=1000").expect(200).json();
        Set<String> sha256s = new HashSet<>();
        page.path("items").forEach(item -> sha256s.add(item.path("sha256").asText()));
        return sha256s;
    }

    /** A CA certificate of our own, as an administrator would bring one: openssl req -x509. */
    static String newCa(String commonName) throws Exception {
        Path dir = Files.createTempDirectory("extension-it-ca");
        try {
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                    "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("ca.pem").toString(),
                    "-subj", "/CN=" + commonName + "/O=ucfleet-it", "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign").redirectErrorStream(true).start();
            String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl req: " + out);
            return Files.readString(dir.resolve("ca.pem"));
        } finally {
            delete(dir);
        }
    }

    static String sha256(String pem) throws Exception {
        return sha256(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getEncoded());
    }

    static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
