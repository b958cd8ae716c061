package io.ucfleet.node;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.response.ValidatableResponse;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.node.testing.NodeProcess;
import io.ucfleet.node.testing.OpensslCa;
import io.ucfleet.node.testing.TlsPeer;

/**
 * Seed 003's Certificate Import Tool on one packaged IM and Presence node, against real
 * {@code openssl s_server} peers presenting a lab chain (root, issuing CA, leaf): what each run
 * reports, what an approval installs and flags for restart, and that a dead, plain-text or
 * stalling peer gets a clear answer within the configured bound and installs nothing. The tests
 * run in order on one node: each leaves cup-trust as the next expects.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateImportToolIT {
    /** The node's handshake and connect limits; a stalled peer must be answered within this and some slack. */
    private static final Duration LIMIT = Duration.ofSeconds(2);
    private static final long BOUND_MILLIS = LIMIT.toMillis() + 3000;

    private static NodeProcess node;
    private static OpensslCa root;
    private static OpensslCa issuing;
    /** cup-trust on a fresh node: the node's own cup identities. */
    private static int cupTrustAtBoot;

    @BeforeAll
    static void start() throws IOException {
        node = new NodeProcess("imp-cit", "im-and-presence")
                .property("ucfleet.node.certificate-import-tool.connect-timeout", "2S")
                .property("ucfleet.node.certificate-import-tool.handshake-timeout", "2S");
        node.start();
        root = OpensslCa.root("exchange lab root");
        issuing = root.intermediate("exchange lab issuing CA");
        node.awaitReady(Duration.ofSeconds(120));
        cupTrustAtBoot = cupTrustSize();
    }

    @AfterAll
    static void stop() throws IOException {
        if (node != null) {
            node.destroy();
        }
    }

    @Test
    @Order(1)
    void aDeadAPlainTextAndAStallingPeerEachGetAClearAnswerWithinTheBoundAndNothingIsInstalled() throws Exception {
        int nothing = ServiceProcess.freePort();
        assertConnectionFails(nothing, "connection-refused");

        CountDownLatch releasedByTheNode = new CountDownLatch(1);
        try (TlsPeer plain = TlsPeer.raw(socket -> write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
                TlsPeer stall = TlsPeer.raw(socket -> {
                    // reads the ClientHello and answers nothing, until the node's watchdog closes the connection
                    try {
                        socket.getInputStream().readAllBytes();
                        releasedByTheNode.countDown();
                    } catch (IOException e) {
                        // closed by the test
                    }
                })) {
            assertConnectionFails(plain.port, "not-tls");
            assertConnectionFails(stall.port, "handshake-timeout");
            assertTrue(releasedByTheNode.await(1, TimeUnit.SECONDS), "the node still holds the stalled connection");
            assertProblem(install(stall.port, "localhost", List.of("00".repeat(32))), 422, "peer-server-unreachable")
                    .body("reason", equalTo("handshake-timeout"));
        }
        assertEquals(cupTrustAtBoot, cupTrustSize());
    }

    @Test
    @Order(2)
    void withTheIntermediateSentTheRootIsUploadedByHandThenApprovalInstallsTheIntermediate() throws Exception {
        OpensslCa leaf = issuing.leaf("localhost");
        try (TlsPeer peer = TlsPeer.sServer(leaf, issuing)) {
            var first = run(peer.port, "localhost").statusCode(200)
                    .body("allSucceeded", equalTo(false))
                    .body("certificates.status", equalTo(List.of("peer", "missing", "missing-not-sent")))
                    .body("certificates[1].sha256", equalTo(issuing.sha256()))
                    .body("certificates[2].subject", containsString("CN=exchange lab root"))
                    .body("installable", equalTo(List.of(issuing.sha256())));
            assertStates(first, Map.of("connected", "succeeded", "peer-name-matches", "succeeded", "chain-complete", "failed",
                    "certificates-trusted", "failed", "missing-ca-sent", "failed"));
            first.body("tests.find { it.test == 'missing-ca-sent' }.detail", containsString("upload it by hand in Certificate Management"));

            // The root was not sent: the intermediate alone is refused as any upload is (seed 002: the root first).
            assertProblem(install(peer.port, "localhost", List.of(issuing.sha256())), 400, "issuer-chain-missing");
            assertEquals(cupTrustAtBoot, cupTrustSize());

            // Seed 003, step 2: the root by hand; then the services restarted, so the approval's flags are its own.
            node.asAdmin().contentType("application/x-pem-file").body(root.pem().getBytes(StandardCharsets.US_ASCII))
                    .post("/api/v1/trust-stores/cup-trust/certificates").then().statusCode(201);
            for (String service : List.of("cisco-presence-engine", "cisco-sip-proxy")) {
                node.asAdmin().post("/api/v1/services/" + service + "/restart").then().statusCode(200);
            }

            run(peer.port, "localhost").body("certificates.status", equalTo(List.of("peer", "missing", "trusted")))
                    .body("installable", equalTo(List.of(issuing.sha256())));
            install(peer.port, "localhost", List.of(issuing.sha256())).statusCode(201)
                    .body("installed.imported.sha256", equalTo(List.of(issuing.sha256())))
                    .body("restartRequired", equalTo(List.of("Cisco Presence Engine", "Cisco SIP Proxy")))
                    .body("report.allSucceeded", equalTo(true));
            node.asAdmin().get("/api/v1/services").then()
                    .body("find { it.id == 'cisco-presence-engine' }.restartRequired", equalTo(true))
                    .body("find { it.id == 'cisco-sip-proxy' }.restartRequired", equalTo(true))
                    .body("find { it.id == 'cisco-presence-engine' }.restartReasons[0]",
                            equalTo("cup-trust changed (restart Cisco Presence Engine first, then Cisco SIP Proxy)"))
                    .body("find { it.id == 'cisco-xcp-router' }.restartRequired", equalTo(false));

            // Seed 003, step 3: "verify that all status tests succeed".
            run(peer.port, "localhost").body("allSucceeded", equalTo(true)).body("tests.state", everyItem(equalTo("succeeded")))
                    .body("certificates.status", equalTo(List.of("peer", "trusted", "trusted"))).body("installable", hasSize(0));
        }
        assertEquals(cupTrustAtBoot + 2, cupTrustSize());
    }

    @Test
    @Order(3)
    void withoutTheIntermediateThePeerSentNoCaAndNothingCanBeApproved() throws Exception {
        OpensslCa otherIssuing = root.intermediate("exchange lab second issuing CA");
        OpensslCa leaf = otherIssuing.leaf("localhost");
        try (TlsPeer peer = TlsPeer.sServer(leaf, null)) {
            var report = run(peer.port, "localhost").statusCode(200)
                    .body("certificates.status", equalTo(List.of("peer", "missing-not-sent")))
                    .body("certificates[1].subject", containsString("CN=exchange lab second issuing CA"))
                    .body("installable", hasSize(0));
            assertStates(report, Map.of("connected", "succeeded", "peer-name-matches", "succeeded", "chain-complete", "failed",
                    "certificates-trusted", "failed", "missing-ca-sent", "failed"));
            // The peer's own certificate is never installed.
            assertProblem(install(peer.port, "localhost", List.of(leaf.sha256())), 409, "certificate-not-offered");
        }
        assertEquals(cupTrustAtBoot + 2, cupTrustSize());
    }

    @Test
    @Order(4)
    void aCertificateForAnotherNameFailsOnlyTheNameTest() throws Exception {
        OpensslCa exchange = issuing.leaf("exchange.example.com");
        try (TlsPeer peer = TlsPeer.sServer(exchange, issuing)) {
            var report = run(peer.port, "127.0.0.1").statusCode(200).body("allSucceeded", equalTo(false))
                    .body("tests.find { it.test == 'peer-name-matches' }.detail", containsString("exchange.example.com"));
            assertStates(report, Map.of("connected", "succeeded", "peer-name-matches", "failed", "chain-complete", "succeeded",
                    "certificates-trusted", "succeeded", "missing-ca-sent", "succeeded"));
        }
    }

    private static void assertConnectionFails(int port, String reason) {
        long t0 = System.nanoTime();
        var report = run(port, "127.0.0.1").statusCode(200).body("allSucceeded", equalTo(false))
                .body("tests[0].test", equalTo("connected")).body("tests[0].state", equalTo("failed"))
                .body("tests[0].reason", equalTo(reason)).body("certificates", hasSize(0)).body("installable", hasSize(0))
                .body("tests.state.drop(1)", everyItem(equalTo("not-run")));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < BOUND_MILLIS, reason + " took " + millis + " ms: " + report.extract().asString());
    }

    private static void assertStates(ValidatableResponse report, Map<String, String> expected) {
        List<String> tests = report.extract().path("tests.test");
        List<String> states = report.extract().path("tests.state");
        Map<String, String> actual = new java.util.LinkedHashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            actual.put(tests.get(i), states.get(i));
        }
        assertEquals(expected, actual, report.extract().asString());
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:" + slug)).body("status", equalTo(status));
    }

    private static ValidatableResponse run(int port, String host) {
        return node.asAdmin().contentType("application/json")
                .body(Map.of("trustStore", "cup-trust", "peerServer", host, "port", port))
                .post("/api/v1/certificate-import-tool").then();
    }

    private static ValidatableResponse install(int port, String host, List<String> sha256s) {
        return node.asAdmin().contentType("application/json")
                .body(Map.of("peerServer", host, "port", port, "certificates", sha256s))
                .post("/api/v1/certificate-import-tool/install").then();
    }

    private static int cupTrustSize() {
        List<Map<String, Object>> stores = node.asAdmin().get("/api/v1/trust-stores").then().statusCode(200).extract().path("$");
        return stores.stream().filter(s -> "cup-trust".equals(s.get("name"))).mapToInt(s -> ((Number) s.get("certificates"))
                .intValue()).findFirst().orElseThrow();
    }

    private static void write(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }
}
