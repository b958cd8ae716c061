package io.ucfleet.sync.it;

import static io.ucfleet.sync.it.LocalCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Spec;
import io.ucfleet.sync.it.TestCertificates.Cert;

/**
 * 500 trust imports and deletions spread over three nodes, while a subscriber is killed with
 * SIGKILL and restarted and cluster-sync is killed with SIGKILL and restarted. A model of the
 * rules, fed the same operations in the same order, says what every node must hold at the
 * end; every node must hold exactly that: nothing lost, duplicated or resurrected.
 */
class FaultIT {
    private static final List<String> STORES = List.of("tomcat-trust", "CallManager-trust", "CAPF-trust");
    private static final String CAPF = "CAPF-trust";
    private static final int OPERATIONS = 500;
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null && cluster.sync().isRunning()) {
            System.out.println("cluster-sync at the end: " + cluster.sync().control().get("/api/v1/sync").asString());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiveHundredChangesWithANodeAndClusterSyncKilledEndExactlyAsTheRulesSay() {
        Instant began = Instant.now();
        cluster = LocalCluster.start(Map.of("ucfleet.sync.full-pass-interval", "3S"),
                List.of(new Spec("pub", "publisher"), new Spec("sub", "subscriber"), new Spec("sub2", "subscriber")),
                List.of());
        List<NodeProcess> nodes = cluster.nodes();
        NodeProcess victim = cluster.node("sub");
        Random random = new Random(4);
        // each certificate belongs to one store; the model: for the replicated stores one
        // cluster-wide set, for CAPF-trust (imports stay, deletes travel) one set per node
        Map<String, List<Cert>> pool = new HashMap<>();
        for (String store : STORES) {
            List<Cert> certs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                certs.add(TestCertificates.selfSigned("fault-" + store + "-" + i));
            }
            pool.put(store, certs);
        }
        Set<String> replicated = new HashSet<>();
        Map<String, Set<String>> capf = new HashMap<>();
        nodes.forEach(n -> capf.put(n.name, new HashSet<>()));

        CompletableFuture<Void> victimBack = null;
        CompletableFuture<Void> syncBack = null;
        int imports = 0;
        int deletes = 0;
        int skipped = 0;
        int op = 0;
        Map<String, List<String>> history = new HashMap<>(); // per certificate, for a failure's message
        while (op < OPERATIONS) {
            if (op == 100 && victim.isRunning()) {
                victim.kill();
            } else if (op == 180 && victimBack == null) {
                victimBack = CompletableFuture.runAsync(victim::start); // operations go on while it boots
            } else if (op == 300 && syncBack == null && cluster.sync().isRunning()) {
                victimBack.join();
                cluster.sync().kill();
            } else if (op == 380 && syncBack == null) {
                syncBack = CompletableFuture.runAsync(() -> cluster.sync().start());
            }
            boolean victimUp = op < 100 || (victimBack != null && victimBack.isDone());
            List<NodeProcess> up = nodes.stream().filter(n -> n != victim || victimUp).toList();
            NodeProcess node = up.get(random.nextInt(up.size()));
            String store = STORES.get(random.nextInt(STORES.size()));
            Cert cert = pool.get(store).get(random.nextInt(pool.get(store).size()));
            if (store.equals(CAPF)) {
                if (capf.get(node.name).contains(cert.sha256())) {
                    int status = node.deleteTrust(store, cert.sha256());
                    if (status / 100 != 2) {
                        throw new AssertionError("op " + op + ": delete on " + node.name + " answered " + status + "; history "
                                + history.get(cert.sha256()) + "; versions " + versions(nodes, store, cert.sha256()));
                    }
                    history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " delete on " + node.name);
                    capf.values().forEach(set -> set.remove(cert.sha256()));
                    deletes++;
                } else {
                    if (node.holds(store, cert.sha256())) {
                        skipped++; // a delete made elsewhere has not arrived yet: the import would be a no-op
                        continue;
                    }
                    node.importTrust(store, cert);
                    history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " import on " + node.name);
                    capf.get(node.name).add(cert.sha256());
                    imports++;
                }
            } else if (replicated.contains(cert.sha256())) {
                // delete it on a node it has reached (while cluster-sync is down: where it was made)
                NodeProcess holder = up.stream().filter(n -> n.holds(store, cert.sha256())).findFirst().orElse(null);
                if (holder == null) {
                    skipped++; // so far only on the killed node: draw another operation
                    continue;
                }
                assertEquals(2, holder.deleteTrust(store, cert.sha256()) / 100);
                history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " delete on " + holder.name);
                replicated.remove(cert.sha256());
                deletes++;
            } else {
                // import it where it is not (where an earlier delete has not arrived yet it would be a no-op)
                NodeProcess target = up.stream().filter(n -> !n.holds(store, cert.sha256())).findFirst().orElse(null);
                if (target == null) {
                    skipped++;
                    continue;
                }
                target.importTrust(store, cert);
                history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " import on " + target.name);
                replicated.add(cert.sha256());
                imports++;
            }
            op++;
        }
        victimBack.join();
        syncBack.join();
        System.out.printf("fault run: %d imports, %d deletes (%d draws skipped) in %d s%n", imports, deletes, skipped,
                Duration.between(began, Instant.now()).toSeconds());

        // A condition that throws names what is still wrong when the wait runs out.
        Duration took = await(Duration.ofSeconds(90), "every node holds what the rules say", () -> {
            List<String> wrong = new ArrayList<>();
            for (NodeProcess n : nodes) {
                for (String store : STORES) {
                    for (String d : difference(n, store, pool, replicated, capf)) {
                        String sha = d.substring(1);
                        wrong.add(n.name + " " + store + " " + d.charAt(0) + sha.substring(0, 12) + " history "
                                + history.get(sha) + " versions " + versions(nodes, store, sha));
                    }
                }
            }
            if (!wrong.isEmpty()) {
                throw new AssertionError(String.join("\n", wrong));
            }
            return true;
        });
        System.out.println("fault run converged " + took.toMillis() + " ms after the last operation");
        LocalCluster.sleep(6_500); // two full passes bring nothing back and lose nothing
        for (NodeProcess n : nodes) {
            for (String store : STORES) {
                assertEquals(List.of(), difference(n, store, pool, replicated, capf), n.name + " " + store);
                List<String> listed = n.store(store);
                assertEquals(new HashSet<>(listed).size(), listed.size(), "duplicates in " + n.name + " " + store);
            }
        }
        await(Duration.ofSeconds(30), "no pending work left", () -> cluster.sync().control().get("/api/v1/sync").then()
                .extract().jsonPath().getInt("pending") == 0);
    }

    private static String versions(List<NodeProcess> nodes, String store, String sha256) {
        return nodes.stream().filter(NodeProcess::isRunning).map(n -> n.name + "=" + n.asCluster()
                .get("/api/v1/replication/state").then().extract().jsonPath()
                .getMap("versions.find { it.store == '" + store + "' && it.sha256 == '" + sha256 + "' }"))
                .collect(Collectors.joining(", "));
    }

    /** What is wrong in a node's store: "+sha" held but should not be (resurrected), "-sha" lost. */
    private static List<String> difference(NodeProcess node, String store, Map<String, List<Cert>> pool,
            Set<String> replicated, Map<String, Set<String>> capf) {
        Set<String> ours = pool.get(store).stream().map(Cert::sha256).collect(Collectors.toSet());
        Set<String> held = node.store(store).stream().filter(ours::contains).collect(Collectors.toSet());
        Set<String> expected = ours.stream().filter(s -> store.equals(CAPF) ? capf.get(node.name).contains(s)
                : replicated.contains(s)).collect(Collectors.toSet());
        List<String> wrong = new ArrayList<>();
        held.stream().filter(s -> !expected.contains(s)).forEach(s -> wrong.add("+" + s));
        expected.stream().filter(s -> !held.contains(s)).forEach(s -> wrong.add("-" + s));
        return wrong;
    }
}
