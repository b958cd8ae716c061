package io.ucfleet.sync.it;

import static io.ucfleet.sync.it.LocalCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.response.Response;
import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Spec;

/**
 * How cluster-sync trusts the nodes it calls (README, "HTTPS only"), judged by openssl: what
 * each presents first is pinned; a regenerated tomcat is followed when the node's feed
 * announces it, or, when cluster-sync was away, through the node's signed rotations; an
 * impostor at a node's address (openssl s_server behind the node's proxy) is refused, gets no
 * credentials and no change, and the node's work waits for the node; an administrator can
 * forget a member's certificates. The tests run in order on one cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberTrustIT {
    static final Duration CONVERGED = Duration.ofSeconds(30);
    private LocalCluster cluster;
    private NodeProcess pub;
    private NodeProcess sub;
    private Path dir;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("ucfleet-member-trust");
        cluster = LocalCluster.start(Map.of("ucfleet.sync.full-pass-interval", "2S"),
                List.of(new Spec("pub", "publisher"), new Spec("sub", "subscriber")), List.of(), true);
        pub = cluster.node("pub");
        sub = cluster.node("sub");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String peer(NodeProcess node) {
        return "127.0.0.1:" + cluster.proxy(node.name).port();
    }

    private List<Map<String, Object>> pins(NodeProcess node) {
        List<Map<String, Object>> all = cluster.sync().control().get("/ucfleet/v1/member-certificates").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(p -> peer(node).equals(p.get("peer"))).toList();
    }

    private boolean pinned(NodeProcess node, String sha256, String learned) {
        return pins(node).stream().anyMatch(p -> sha256.equals(p.get("sha256")) && learned.equals(p.get("learned")));
    }

    private Map<String, Object> member(NodeProcess node) {
        List<Map<String, Object>> members = cluster.sync().control().get("/api/v1/sync").then().statusCode(200).extract()
                .jsonPath().getList("members");
        return members.stream().filter(m -> ("https://" + peer(node)).equals(m.get("url"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private String reason(NodeProcess node) {
        return String.valueOf(((Map<String, Object>) member(node).get("condition")).get("reason"));
    }

    @SuppressWarnings("unchecked")
    private String message(NodeProcess node) {
        return String.valueOf(((Map<String, Object>) member(node).get("condition")).get("message"));
    }

    /** SHA-256 of what the node presents at its proxied address, as openssl s_client sees it. */
    private static String presented(int port) {
        String out = run("set -o pipefail; openssl s_client -connect 127.0.0.1:" + port + " </dev/null 2>/dev/null"
                + " | openssl x509 -noout -fingerprint -sha256");
        return out.substring(out.indexOf('=') + 1).strip().replace(":", "").toLowerCase(Locale.ROOT);
    }

    private static String run(String script) {
        try {
            Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("failed (" + script + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String regenerateAndRestart(NodeProcess node) {
        String fresh = node.regenerate("tomcat");
        node.admin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        await(CONVERGED, node.name + " presenting its regenerated tomcat", () -> fresh.equals(presented(node.https)));
        return fresh;
    }

    /** A change made on {@code from} reaches {@code to}: cluster-sync reads the one and writes the other. */
    private void replicates(NodeProcess from, NodeProcess to, String name) {
        TestCertificates.Cert cert = TestCertificates.selfSigned(name);
        from.importTrust("tomcat-trust", cert);
        await(CONVERGED, name + " from " + from.name + " on " + to.name, () -> to.holds("tomcat-trust", cert.sha256()));
    }

    @Test
    @Order(1)
    void whatEachNodePresentsFirstIsPinned() {
        for (NodeProcess node : List.of(pub, sub)) {
            String presented = presented(cluster.proxy(node.name).port());
            assertEquals(node.identity("tomcat"), presented, node.name + " presents its tomcat");
            await(CONVERGED, node.name + " pinned", () -> pinned(node, presented, "first-use"));
            // the one pinned on first use; the feed announces the node's other tomcat (tomcat-ECDSA) beside it
            assertEquals(1, pins(node).stream().filter(p -> "first-use".equals(p.get("learned"))).count(), pins(node).toString());
        }
        replicates(pub, sub, "trust first use");
    }

    @Test
    @Order(2)
    void aRegeneratedTomcatTheFeedAnnouncedIsTrustedWhenPresented() {
        String fresh = regenerateAndRestart(sub);
        replicates(sub, pub, "after an announced rotation");
        assertTrue(pinned(sub, fresh, "announced"), pins(sub).toString());
    }

    @Test
    @Order(3)
    void rotationsMadeWhileClusterSyncWasAwayAreFollowedThroughTheirSignatures() {
        cluster.sync().stop();
        String first = regenerateAndRestart(sub);
        String second = regenerateAndRestart(sub); // two links of the chain
        cluster.sync().start();
        replicates(sub, pub, "after rotations unseen");
        replicates(pub, sub, "to a node rotated unseen");
        assertTrue(pinned(sub, second, "rotated"), pins(sub).toString());
        assertTrue(pinned(sub, first, "rotated"), pins(sub).toString());
        // the chain is public and signed: openssl checks the newest link with the key of the one before it
        List<Map<String, Object>> chain = sub.api().get("/.well-known/ucfleet/web-certificate-rotations").then().statusCode(200)
                .extract().jsonPath().getList("$");
        Map<String, Object> last = chain.get(chain.size() - 1);
        assertEquals(second, last.get("sha256"));
        assertEquals(first, last.get("previousSha256"));
        assertTrue(verifiedByOpenssl(last, derOf(chain, first)), "the newest rotation verifies with the replaced key");
    }

    private static byte[] derOf(List<Map<String, Object>> chain, String sha256) {
        return chain.stream().filter(l -> sha256.equals(l.get("sha256"))).findFirst()
                .map(l -> java.util.Base64.getDecoder().decode((String) l.get("der"))).orElseThrow();
    }

    private boolean verifiedByOpenssl(Map<String, Object> link, byte[] previousDer) {
        try {
            Files.write(dir.resolve("previous.der"), previousDer);
            Files.write(dir.resolve("signature"), java.util.Base64.getDecoder().decode((String) link.get("signature")));
            Files.writeString(dir.resolve("signed"), "ucfleet web certificate rotation\n" + link.get("unit") + "\n"
                    + link.get("previousSha256") + "\n" + link.get("sha256") + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        run("cd " + dir + " && openssl x509 -inform DER -in previous.der -pubkey -noout > previous.pub");
        return run("cd " + dir + " && openssl dgst -sha256 -verify previous.pub -signature signature signed").contains("Verified OK");
    }

    @Test
    @Order(4)
    void anImpostorAtANodesAddressIsRefusedAndTheNodeGetsItsChangesWhenItIsBack() throws Exception {
        run("cd " + dir + " && openssl req -x509 -newkey rsa:2048 -nodes -keyout impostor.key -out impostor.pem -days 30"
                + " -subj /CN=" + sub.fqdn() + " 2>&1");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process impostor = new ProcessBuilder("openssl", "s_server", "-accept", String.valueOf(port), "-cert", "impostor.pem",
                "-key", "impostor.key", "-www").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("impostor.log").toFile()).start();
        try {
            await(Duration.ofSeconds(10), "openssl s_server listening", () -> {
                try (var probe = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            String impostorSha = presented(port);
            cluster.proxy(sub.name).retarget(port);
            TestCertificates.Cert cert = TestCertificates.selfSigned("while an impostor answers");
            pub.importTrust("tomcat-trust", cert);
            // openssl s_server serves one connection at a time: a call queued behind another may wait out its 20 s timeout
            await(Duration.ofSeconds(90), "sub untrusted", () -> "NodeUntrusted".equals(reason(sub)));
            String message = message(sub);
            assertTrue(message.contains(impostorSha) && message.contains("DELETE /ucfleet/v1/member-certificates?member="), message);
            assertTrue(pins(sub).stream().noneMatch(p -> impostorSha.equals(p.get("sha256"))), pins(sub).toString());
            await(CONVERGED, "the delivery to sub pending", () -> ((Number) member(sub).get("pending")).longValue() > 0);
            String log = Files.readString(dir.resolve("impostor.log"));
            assertTrue(!log.contains("Authorization") && !log.contains("replication"), log);

            cluster.proxy(sub.name).retarget(sub.https);
            await(CONVERGED, "the change on sub once it is back", () -> sub.holds("tomcat-trust", cert.sha256()));
            await(CONVERGED, "sub synced", () -> "Synced".equals(reason(sub)));
        } finally {
            impostor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            cluster.proxy(sub.name).retarget(sub.https);
        }
    }

    @Test
    @Order(5)
    void anAdministratorForgetsAMembersCertificatesAndWhatItPresentsNextIsPinned() {
        String member = "https://" + peer(sub);
        assertEquals(401, cluster.sync().anonymous().delete("/ucfleet/v1/member-certificates?member=" + member).statusCode());
        Response bad = cluster.sync().control().delete("/ucfleet/v1/member-certificates?member=ftp://x");
        assertEquals(400, bad.statusCode(), bad.asString());
        assertTrue(bad.contentType().startsWith("application/problem+json") && bad.asString().contains("member"), bad.asString());
        assertTrue(pins(sub).size() > 1, pins(sub).toString());
        Response forgot = cluster.sync().control().delete("/ucfleet/v1/member-certificates?member=" + member);
        assertEquals(200, forgot.statusCode(), forgot.asString());
        assertNotEquals(0, forgot.jsonPath().getInt("forgotten"));
        String current = presented(sub.https);
        replicates(pub, sub, "after forgetting");
        await(CONVERGED, "sub pinned again", () -> pinned(sub, current, "first-use"));
        assertEquals(1, pins(sub).size(), pins(sub).toString());
    }
}
