package io.ucfleet.sync.it;

import static io.restassured.RestAssured.given;
import static io.ucfleet.sync.it.LocalCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.path.json.JsonPath;
import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Spec;
import io.ucfleet.sync.it.TestCertificates.Cert;

/**
 * PostgreSQL restarting under a running process (its real postmaster stopped and started again,
 * see {@link LocalCluster.Proc#restartPostgres}) makes it wait and recover: it does not exit,
 * requests made meanwhile get an error (503) and change nothing, an acknowledged change is never
 * lost or resurrected, and pending work drains.
 * The periodic full pass is off (10 minutes), so only the feed and pending work can carry a
 * change here. One cluster for the class; each test uses its own certificates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRestartIT {
    private static final List<String> STORES = List.of("tomcat-trust", "CallManager-trust");
    private static final Duration CONVERGED = Duration.ofSeconds(30);
    private LocalCluster cluster;
    private NodeProcess pub;
    private NodeProcess sub;
    private NodeProcess sub2;

    @BeforeAll
    void start() {
        cluster = LocalCluster.start(Map.of("ucfleet.sync.full-pass-interval", "10M"),
                List.of(new Spec("pub", "publisher"), new Spec("sub", "subscriber"), new Spec("sub2", "subscriber")),
                List.of());
        pub = cluster.node("pub");
        sub = cluster.node("sub");
        sub2 = cluster.node("sub2");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeWhosePostgresRestartsWaitsAnswersErrorsMeanwhileAndCatchesUp() {
        Writer onPub = new Writer(pub, "pg-node-pub");
        try {
            LocalCluster.sleep(500);
            sub.stopPostgres("fast");
            Instant down = Instant.now();
            await(Duration.ofSeconds(15), "sub reports not ready", () -> status(sub, "/q/health/ready") == 503);
            assertEquals(200, status(sub, "/q/health/live"), "the node stays alive: nothing to restart it for");

            // a change asked of the node meanwhile is refused (503, retry soon), and so changes nothing
            Cert refused = TestCertificates.selfSigned("pg-node-refused");
            var answer = sub.admin().contentType("application/octet-stream").body(refused.der())
                    .post("/api/v1/trust-stores/tomcat-trust/certificates");
            assertEquals(503, answer.statusCode(), answer.asString());
            assertEquals("urn:ucfleet:problem:database-unavailable", answer.jsonPath().getString("type"));
            assertEquals("1", answer.header("Retry-After"));

            // the rest of the cluster goes on: pub's changes reach sub2, those for sub wait as pending work
            String madeMeanwhile = onPub.latestPresent();
            await(CONVERGED, "a change pub made during the outage reached sub2",
                    () -> sub2.holds(onPub.storeOf(madeMeanwhile), madeMeanwhile));
            await(CONVERGED, "cluster-sync holds pending work for sub",
                    () -> member(sub, "pending") instanceof Number pending && pending.longValue() > 0);
            LocalCluster.sleep(1_000);
            assertTrue(sub.isRunning(), "sub exited while its database was down: " + sub.tail());

            sub.startPostgres();
            Duration ready = await(CONVERGED, "sub ready again", () -> status(sub, "/q/health/ready") == 200);
            System.out.printf("sub: database down %d ms; ready %d ms after it came back%n",
                    Duration.between(down, Instant.now()).toMillis() - ready.toMillis(), ready.toMillis());

            // the first change made on the node right after is accepted and travels
            Cert after = TestCertificates.selfSigned("pg-node-after");
            assertEquals(201, importStatus(sub, "tomcat-trust", after), "the first import after the restart");
            onPub.finish();
            await(CONVERGED, "the import made on sub after the restart reached pub and sub2",
                    () -> pub.holds("tomcat-trust", after.sha256()) && sub2.holds("tomcat-trust", after.sha256()));
            assertEquals(List.of(), onPub.errors, "writes on pub");
            onPub.assertEveryNodeHoldsExactlyWhatWasAcknowledged(List.of(pub, sub, sub2));
            for (NodeProcess n : List.of(pub, sub, sub2)) {
                assertFalse(n.holds("tomcat-trust", refused.sha256()), "the refused import is on " + n.name);
            }
            await(CONVERGED, "no pending work left", () -> syncStatus().getLong("pending") == 0);
            assertTrue(sub.isRunning() && cluster.sync().isRunning());
        } finally {
            onPub.finish();
        }
    }

    @Test
    void clusterSyncsPostgresRestartingMidStreamLosesNothing() {
        List<Writer> writers = List.of(new Writer(pub, "pg-sync-pub"), new Writer(sub, "pg-sync-sub"),
                new Writer(sub2, "pg-sync-sub2"));
        try {
            LocalCluster.sleep(1_000);
            Instant began = Instant.now();
            cluster.sync().restartPostgres("immediate"); // as after a crash: recovery from the WAL
            System.out.printf("cluster-sync's PostgreSQL restarted (immediate) in %d ms%n",
                    Duration.between(began, Instant.now()).toMillis());
            LocalCluster.sleep(1_500);
            writers.forEach(Writer::finish);
            assertTrue(cluster.sync().isRunning(), "cluster-sync exited: " + cluster.sync().tail());
            for (Writer w : writers) {
                assertEquals(List.of(), w.errors, "writes on " + w.node.name + " (cluster-sync is not on their path)");
                w.assertEveryNodeHoldsExactlyWhatWasAcknowledged(List.of(pub, sub, sub2));
            }
            await(CONVERGED, "no pending work and every cursor at its feed's head", () -> {
                JsonPath status = syncStatus();
                return status.getLong("pending") == 0 && status.getString("databaseError") == null
                        && status.getList("members.lag", Long.class).stream().allMatch(l -> l == 0);
            });
            // the cursors cluster-sync goes by are the ones its database holds (read with psql)
            JsonPath status = syncStatus();
            Map<String, Long> live = new LinkedHashMap<>();
            for (NodeProcess n : List.of(pub, sub, sub2)) {
                live.put(n.fqdn(), ((Number) member(n, "cursor")).longValue());
            }
            Map<String, Long> stored = cluster.sync().psql("select node, cursor from member_cursor order by node")
                    .stream().map(row -> row.split("\\|")).collect(Collectors.toMap(r -> r[0], r -> Long.parseLong(r[1])));
            assertEquals(new TreeMap<>(live), new TreeMap<>(stored), "stored cursors; status " + status.prettify());
        } finally {
            writers.forEach(Writer::finish);
        }
    }

    private static int status(NodeProcess node, String path) {
        return given().port(node.http).get(path).statusCode();
    }

    private static int importStatus(NodeProcess node, String store, Cert cert) {
        return node.admin().contentType("application/octet-stream").body(cert.der())
                .post("/api/v1/trust-stores/" + store + "/certificates").statusCode();
    }

    private JsonPath syncStatus() {
        return cluster.sync().control().get("/api/v1/sync").then().statusCode(200).extract().jsonPath();
    }

    /** One field of cluster-sync's status of a member (null before it knows the node). */
    private Object member(NodeProcess node, String field) {
        JsonPath status = syncStatus();
        int i = status.getList("members.node", String.class).indexOf(node.fqdn());
        return i < 0 ? null : status.get("members[" + i + "]." + field);
    }

    /**
     * Makes changes on one node as fast as it answers, alternating tomcat-trust and
     * CallManager-trust (both replicated), and deleting every third certificate it imported; it
     * keeps what the node acknowledged, which is what every node must hold in the end.
     */
    private static final class Writer {
        final NodeProcess node;
        final Map<String, String> present = new ConcurrentHashMap<>(); // acknowledged imports not deleted since: sha -> store
        final Map<String, String> all = new ConcurrentHashMap<>(); // every certificate it tried
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final List<String> order = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private final Thread thread;
        private int imports;
        private int deletes;

        Writer(NodeProcess node, String prefix) {
            this.node = node;
            this.thread = new Thread(() -> {
                for (int i = 0; running; i++) {
                    String store = STORES.get(i % STORES.size());
                    Cert cert = TestCertificates.selfSigned(prefix + "-" + i);
                    all.put(cert.sha256(), store);
                    int status = importStatus(node, store, cert);
                    if (status == 201) {
                        present.put(cert.sha256(), store);
                        order.add(cert.sha256());
                        imports++;
                    } else {
                        errors.add("import " + i + ": " + status);
                    }
                    if (i % 3 == 2 && order.size() > 1) {
                        String victim = order.remove(0);
                        int deleted = node.deleteTrust(present.get(victim), victim);
                        if (deleted / 100 == 2) {
                            present.remove(victim);
                            deletes++;
                        } else {
                            errors.add("delete " + i + ": " + deleted);
                        }
                    }
                    LocalCluster.sleep(20);
                }
            }, "writer-" + node.name);
            thread.setUncaughtExceptionHandler((t, e) -> errors.add("stopped by " + e));
            thread.start();
        }

        String latestPresent() {
            synchronized (order) {
                return order.get(order.size() - 1);
            }
        }

        String storeOf(String sha256) {
            return all.get(sha256);
        }

        void finish() {
            running = false;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Every node holds exactly the acknowledged imports not deleted since: nothing lost, nothing resurrected. */
        void assertEveryNodeHoldsExactlyWhatWasAcknowledged(List<NodeProcess> nodes) {
            System.out.printf("writer on %s: %d imports, %d deletes acknowledged, %d errors%n", node.name, imports, deletes,
                    errors.size());
            await(CONVERGED, "every node holds exactly what " + node.name + " acknowledged", () -> {
                for (NodeProcess n : nodes) {
                    for (String store : STORES) {
                        if (!difference(n, store).isEmpty()) {
                            return false;
                        }
                    }
                }
                return true;
            });
            for (NodeProcess n : nodes) {
                for (String store : STORES) {
                    List<String> listed = n.store(store);
                    assertEquals(new HashSet<>(listed).size(), listed.size(), "duplicates in " + n.name + " " + store);
                }
            }
        }

        /** "+sha" held but not acknowledged as present, "-sha" acknowledged but missing. */
        private List<String> difference(NodeProcess n, String store) {
            Set<String> held = n.store(store).stream().filter(s -> store.equals(all.get(s))).collect(Collectors.toSet());
            Set<String> expected = present.entrySet().stream().filter(e -> e.getValue().equals(store)).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            List<String> wrong = new ArrayList<>();
            held.stream().filter(s -> !expected.contains(s)).forEach(s -> wrong.add("+" + s));
            expected.stream().filter(s -> !held.contains(s)).forEach(s -> wrong.add("-" + s));
            return wrong;
        }
    }
}
