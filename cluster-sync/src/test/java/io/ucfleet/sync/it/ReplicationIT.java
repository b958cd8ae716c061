package io.ucfleet.sync.it;

import static io.ucfleet.sync.it.LocalCluster.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Spec;
import io.ucfleet.sync.it.TestCertificates.Cert;

/**
 * The rules of change on a real cluster: a publisher, a subscriber and an IM and Presence
 * node (each its own JVM and PostgreSQL), cluster-sync, and a second subscriber that joins
 * later. One cluster for the whole class; every test uses its own certificates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationIT {
    static final Duration CONVERGED = Duration.ofSeconds(15);
    private LocalCluster cluster;
    private NodeProcess pub;
    private NodeProcess sub;
    private NodeProcess imp;

    @BeforeAll
    void start() {
        cluster = LocalCluster.start(Map.of("ucfleet.sync.full-pass-interval", "2S"),
                List.of(new Spec("pub", "publisher"), new Spec("sub", "subscriber"), new Spec("imp", "im-and-presence")),
                List.of(new Spec("late", "subscriber")));
        pub = cluster.node("pub");
        sub = cluster.node("sub");
        imp = cluster.node("imp");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<NodeProcess> running() {
        return cluster.nodes().stream().filter(NodeProcess::isRunning).toList();
    }

    @Test
    void importsIntoReplicatedStoresReachEveryNodeAndDeletesFromAnyNodeRemoveThemEverywhere() {
        Cert tomcat = TestCertificates.selfSigned("rule-tomcat");
        Cert callManager = TestCertificates.selfSigned("rule-callmanager");
        Cert sast = TestCertificates.selfSigned("rule-sast");
        pub.importTrust("tomcat-trust", tomcat);
        sub.importTrust("CallManager-trust", callManager);
        pub.importTrust("Phone-SAST-trust", sast);
        Duration took = await(CONVERGED, "imports everywhere", () -> sub.holds("tomcat-trust", tomcat.sha256())
                && imp.holds("tomcat-trust", tomcat.sha256()) && pub.holds("CallManager-trust", callManager.sha256())
                && sub.holds("Phone-SAST-trust", sast.sha256()));
        System.out.println("imports converged in " + took.toMillis() + " ms");

        assertEquals(204 / 100, sub.deleteTrust("tomcat-trust", tomcat.sha256()) / 100);
        pub.deleteTrust("CallManager-trust", callManager.sha256());
        sub.deleteTrust("Phone-SAST-trust", sast.sha256());
        await(CONVERGED, "deletes everywhere", () -> !pub.holds("tomcat-trust", tomcat.sha256())
                && !imp.holds("tomcat-trust", tomcat.sha256()) && !sub.holds("CallManager-trust", callManager.sha256())
                && !pub.holds("Phone-SAST-trust", sast.sha256()));
    }

    @Test
    void aCapfTrustImportStaysOnItsNodeButACapfTrustDeleteReachesEveryNode() {
        Cert capf = TestCertificates.selfSigned("rule-capf");
        Cert marker = TestCertificates.selfSigned("rule-capf-marker");
        pub.importTrust("CAPF-trust", capf);
        pub.importTrust("tomcat-trust", marker); // after the CAPF import in pub's feed
        await(CONVERGED, "the later marker replicated", () -> sub.holds("tomcat-trust", marker.sha256()));
        LocalCluster.sleep(2_500); // a full pass too
        assertTrue(pub.holds("CAPF-trust", capf.sha256()));
        assertFalse(sub.holds("CAPF-trust", capf.sha256()), "CAPF-trust imports never appear on a peer");

        sub.importTrust("CAPF-trust", capf); // imported on the subscriber too, on its own
        assertTrue(sub.holds("CAPF-trust", capf.sha256()));
        assertEquals(2, pub.deleteTrust("CAPF-trust", capf.sha256()) / 100);
        await(CONVERGED, "the CAPF-trust delete reached the subscriber", () -> !sub.holds("CAPF-trust", capf.sha256()));
    }

    @Test
    void otherTrustStoresStayNodeLocal() {
        Cert ipsec = TestCertificates.selfSigned("rule-ipsec");
        Cert marker = TestCertificates.selfSigned("rule-ipsec-marker");
        sub.importTrust("ipsec-trust", ipsec);
        pub.importTrust("ipsec-trust", ipsec);
        sub.importTrust("tomcat-trust", marker);
        await(CONVERGED, "the later marker replicated", () -> pub.holds("tomcat-trust", marker.sha256()));
        LocalCluster.sleep(2_500);
        assertFalse(imp.holds("ipsec-trust", ipsec.sha256()));
        assertEquals(2, sub.deleteTrust("ipsec-trust", ipsec.sha256()) / 100);
        pub.deleteTrust("tomcat-trust", marker.sha256());
        await(CONVERGED, "marker delete", () -> !sub.holds("tomcat-trust", marker.sha256()));
        LocalCluster.sleep(2_500);
        assertTrue(pub.holds("ipsec-trust", ipsec.sha256()), "an ipsec-trust delete stays on its node");
    }

    @Test
    void everyNodesTomcatIdentitiesAreInEveryPeersTomcatTrustAndARegeneratedOneReplacesTheOld() {
        List<NodeProcess> nodes = List.of(pub, sub, imp);
        await(CONVERGED, "tomcat exchange", () -> {
            for (NodeProcess owner : nodes) {
                for (String unit : List.of("tomcat", "tomcat-ECDSA")) {
                    String sha = owner.identity(unit);
                    for (NodeProcess peer : nodes) {
                        if (!peer.holds("tomcat-trust", sha)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        });
        // identities other than tomcat are not exchanged
        assertFalse(sub.holds("CallManager-trust", pub.identity("CallManager")));

        String old = sub.identity("tomcat");
        String fresh = sub.regenerate("tomcat");
        Duration took = await(CONVERGED, "the regenerated tomcat on every peer", () -> pub.holds("tomcat-trust", fresh)
                && imp.holds("tomcat-trust", fresh) && !pub.holds("tomcat-trust", old) && !imp.holds("tomcat-trust", old));
        System.out.println("tomcat exchange after regeneration: " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "far under the documented 30 minutes: " + took);
        LocalCluster.sleep(2_500); // a full pass does not bring the old one back
        assertFalse(pub.holds("tomcat-trust", old));
    }

    @Test
    void aDeletedCertificateDoesNotComeBackFromTheNodeThatMissedTheDeleteAndADeliberateReimportWorks() {
        Cert cert = TestCertificates.selfSigned("rule-missed-delete");
        pub.importTrust("tomcat-trust", cert);
        await(CONVERGED, "import everywhere", () -> sub.holds("tomcat-trust", cert.sha256()));

        sub.kill();
        try {
            assertEquals(2, pub.deleteTrust("tomcat-trust", cert.sha256()) / 100);
            await(CONVERGED, "delete on imp", () -> !imp.holds("tomcat-trust", cert.sha256()));
            await(CONVERGED, "cluster-sync shows the node down", () -> cluster.sync().control().get("/api/v1/sync").then()
                    .statusCode(200).extract().jsonPath()
                    .getString("members.find { it.node == 'sub.ucfleet.test' }.condition.reason")
                    .equals("NodeUnreachable"));
        } finally {
            sub.start();
        }
        await(CONVERGED, "the returning node caught the delete", () -> !sub.holds("tomcat-trust", cert.sha256()));
        LocalCluster.sleep(4_500); // two full passes: nothing brings it back
        for (NodeProcess node : running()) {
            assertFalse(node.holds("tomcat-trust", cert.sha256()), node.name + " resurrected it");
        }

        sub.importTrust("tomcat-trust", cert); // an administrator imports it again, on purpose
        await(CONVERGED, "re-import everywhere", () -> pub.holds("tomcat-trust", cert.sha256())
                && imp.holds("tomcat-trust", cert.sha256()));
    }

    @Test
    void oppositeChangesAtTheSameTimeEndTheSameWayOnEveryNode() {
        List<Cert> certs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            certs.add(TestCertificates.selfSigned("rule-race-" + i));
        }
        for (Cert c : certs) {
            pub.importTrust("tomcat-trust", c);
        }
        await(CONVERGED, "all on sub", () -> certs.stream().allMatch(c -> sub.holds("tomcat-trust", c.sha256())));
        // re-import on pub races a delete on sub: pub imports it again after deleting it locally
        CompletableFuture<Void> deletes = CompletableFuture.runAsync(() -> certs.forEach(c -> sub.deleteTrust("tomcat-trust", c.sha256())));
        CompletableFuture<Void> reimports = CompletableFuture.runAsync(() -> certs.forEach(c -> {
            pub.deleteTrust("tomcat-trust", c.sha256());
            pub.importTrust("tomcat-trust", c);
        }));
        deletes.join();
        reimports.join();
        await(CONVERGED, "every node agrees", () -> {
            for (Cert c : certs) {
                boolean onPub = pub.holds("tomcat-trust", c.sha256());
                if (sub.holds("tomcat-trust", c.sha256()) != onPub || imp.holds("tomcat-trust", c.sha256()) != onPub) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void applyingAChangeTwiceIsHarmlessAndAReplicatedChangeIsNotReplicatedAgain() {
        Cert cert = TestCertificates.selfSigned("rule-idempotent");
        pub.importTrust("CallManager-trust", cert);
        await(CONVERGED, "on sub", () -> sub.holds("CallManager-trust", cert.sha256()));
        // sub's own feed never carries the change it applied
        List<String> subFeed = sub.asCluster().get("/api/v1/replication/changes?after=0&limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("changes.sha256", String.class);
        assertFalse(subFeed.contains(cert.sha256()));
        // pub's change, applied to sub once more by hand: already applied
        Map<String, Object> change = pub.asCluster().get("/api/v1/replication/changes?after=0&limit=1000").then()
                .extract().jsonPath().getMap("changes.find { it.sha256 == '" + cert.sha256() + "' }");
        sub.asCluster().contentType("application/json").body(List.of(change)).post("/api/v1/replication/changes").then()
                .statusCode(200).body("[0].outcome", equalTo("ALREADY_APPLIED"));
        assertEquals(1, sub.store("CallManager-trust").stream().filter(cert.sha256()::equals).count());
        // only the cluster account may use the replication endpoints; bad changes are refused by name
        pub.admin().get("/api/v1/replication/changes").then().statusCode(403);
        sub.asCluster().contentType("application/json").body("[{\"changeId\":\"" + java.util.UUID.randomUUID()
                + "\",\"operation\":\"IMPORT\",\"store\":\"tomcat-trust\",\"sha256\":\"" + cert.sha256()
                + "\",\"version\":1,\"origin\":\"x\"}]").post("/api/v1/replication/changes").then().statusCode(400)
                .body("detail", containsString("der"));
    }

    @Test
    void aNodeThatJoinsGetsTheReplicatedContentAndCursorsPendingWorkAndMetricsAreVisible() {
        Cert kept = TestCertificates.selfSigned("rule-join-kept");
        Cert deleted = TestCertificates.selfSigned("rule-join-deleted");
        pub.importTrust("tomcat-trust", kept);
        pub.importTrust("CallManager-trust", deleted);
        await(CONVERGED, "on sub", () -> sub.holds("CallManager-trust", deleted.sha256()));
        sub.deleteTrust("CallManager-trust", deleted.sha256());

        NodeProcess late = cluster.node("late");
        late.start();
        await(CONVERGED, "the joining node got the cluster's content", () -> late.holds("tomcat-trust", kept.sha256())
                && late.holds("tomcat-trust", pub.identity("tomcat")) && pub.holds("tomcat-trust", late.identity("tomcat-ECDSA")));
        assertFalse(late.holds("CallManager-trust", deleted.sha256()));

        cluster.sync().control().get("/api/v1/sync").then().statusCode(200)
                .body("members.node", hasItem("late.ucfleet.test"))
                .body("members.find { it.node == 'pub.ucfleet.test' }.cursor", org.hamcrest.Matchers.greaterThan(0));
        cluster.sync().control().get("/api/v1/sync/pending").then().statusCode(200);
        String metrics = cluster.sync().api().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ucfleet_sync_pending"), metrics);
        assertTrue(metrics.contains("ucfleet_sync_lag_changes"), metrics);
        assertTrue(metrics.contains("ucfleet_sync_replication_latency_seconds"), metrics);
        assertEquals(new HashSet<>(late.store("tomcat-trust")).size(), late.store("tomcat-trust").size());
    }

    @Test
    void aReplicationDelayHoldsADeleteBackThatLongAndClearingItLetsChangesThroughAtOnce() {
        Cert cert = TestCertificates.selfSigned("delay-tomcat");
        pub.importTrust("tomcat-trust", cert);
        await(CONVERGED, "the import everywhere", () -> sub.holds("tomcat-trust", cert.sha256()));
        var sync = cluster.sync();
        sync.anonymous().contentType("application/json").body("{\"delay\": \"PT2S\"}").put("/ucfleet/v1/faults/replication-delay")
                .then().statusCode(401);
        sync.control().contentType("application/json").body("{\"delay\": \"2 seconds\"}")
                .put("/ucfleet/v1/faults/replication-delay").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:invalid-request"));
        sync.control().contentType("application/json").body("{\"delay\": \"PT2S\"}").put("/ucfleet/v1/faults/replication-delay")
                .then().statusCode(200).body("replicationDelay", equalTo("PT2S"));
        try {
            long deleted = System.nanoTime();
            pub.deleteTrust("tomcat-trust", cert.sha256());
            Duration took = await(CONVERGED, "the delayed delete on sub", () -> !sub.holds("tomcat-trust", cert.sha256()));
            long afterDelete = (System.nanoTime() - deleted) / 1_000_000;
            System.out.println("with a 2 s replication delay, the delete reached sub after " + afterDelete + " ms");
            assertTrue(afterDelete >= 2000, "no sooner than the delay: " + afterDelete + " ms (" + took + ")");

            Cert next = TestCertificates.selfSigned("delay-cleared");
            pub.importTrust("tomcat-trust", next);
            sleep(300); // read, and waiting out its delay
            sync.control().delete("/ucfleet/v1/faults/replication-delay").then().statusCode(200)
                    .body("replicationDelay", equalTo("PT0S"));
            long cleared = System.nanoTime();
            await(CONVERGED, "the import once the delay is cleared", () -> sub.holds("tomcat-trust", next.sha256()));
            long afterClear = (System.nanoTime() - cleared) / 1_000_000;
            System.out.println("after clearing the delay, the waiting import reached sub in " + afterClear + " ms");
            assertTrue(afterClear < 1000, "under a second once cleared: " + afterClear + " ms");
        } finally {
            sync.control().delete("/ucfleet/v1/faults/replication-delay");
        }
    }

    @Test
    void aChangeTheNodePrunedWhileClusterSyncWasAwayIsRepairedByTheFullPass() {
        Cert missed = TestCertificates.selfSigned("retention-missed");
        Cert last = TestCertificates.selfSigned("retention-last");
        var sync = cluster.sync();
        sync.stop();
        try {
            pub.importTrust("tomcat-trust", missed);
            pub.importTrust("tomcat-trust", last);
            // pub's clock past its 7-day retention: its pruning (every second here) keeps only the newest change
            pub.admin().contentType("application/json").body("{\"offset\": \"P8D\"}").put("/ucfleet/v1/clock")
                    .then().statusCode(200);
            await(CONVERGED, "pub's outbox pruned to its newest change", () -> List.of(last.sha256()).equals(pub.asCluster()
                    .get("/api/v1/replication/changes?after=0&limit=1000").then().statusCode(200).extract().jsonPath()
                    .getList("changes.sha256")));
        } finally {
            pub.admin().contentType("application/json").body("{\"offset\": \"PT0S\"}").put("/ucfleet/v1/clock");
            sync.start();
        }
        await(CONVERGED, "the pruned change and the kept one on every node", () -> sub.holds("tomcat-trust", missed.sha256())
                && imp.holds("tomcat-trust", missed.sha256()) && sub.holds("tomcat-trust", last.sha256()));
        assertTrue(sync.log().contains("no longer keeps its changes"), "cluster-sync saw the gap: " + sync.tail());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
