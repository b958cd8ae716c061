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
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiveHundredChangesWithANodeAndClusterSyncKilledEndExactlyAsTheRulesSay() throws Exception {
        Instant began = Instant.now();
        cluster = LocalCluster.start(Map.of("ucfleet.sync.full-pass-interval", "3S"),
                List.of(new Spec("pub", "publisher"), new Spec("sub", "subscriber"), new Spec("sub2", "subscriber")),
                List.of());
        List<NodeProcess> nodes = cluster.nodes();
        NodeProcess victim = cluster.node("sub");
        Random random = new Random(4);
        // each certificate belongs to one store; the model: replicated stores one cluster-wide
        // set, CAPF-trust one set per node
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
        for (int op = 0; op < OPERATIONS; op++) {
            if (op == 100) {
                victim.kill();
            } else if (op == 180) {
                victimBack = CompletableFuture.runAsync(victim::start); // operations go on while it boots
            } else if (op == 300) {
                victimBack.join();
                cluster.sync().kill();
            } else if (op == 380) {
                syncBack = CompletableFuture.runAsync(() -> cluster.sync().start());
            }
            boolean victimUp = op < 100 || (victimBack != null && victimBack.isDone());
            List<NodeProcess> up = nodes.stream().filter(n -> n != victim || victimUp).toList();
            NodeProcess node = up.get(random.nextInt(up.size()));
            String store = STORES.get(random.nextInt(STORES.size()));
            Cert cert = pool.get(store).get(random.nextInt(pool.get(store).size()));
            if (store.equals(CAPF)) {
                if (capf.get(node.name).contains(cert.sha256())) {
                    assertEquals(2, node.deleteTrust(store, cert.sha256()) / 100);
                    capf.values().forEach(set -> set.remove(cert.sha256()));
                    deletes++;
                } else {
                    node.importTrust(store, cert);
                    capf.get(node.name).add(cert.sha256());
                    imports++;
                }
            } else if (replicated.contains(cert.sha256())) {
                // delete where it already arrived
                await(Duration.ofSeconds(30), cert.commonName() + " on " + node.name, () -> node.holds(store, cert.sha256()));
                assertEquals(2, node.deleteTrust(store, cert.sha256()) / 100);
                replicated.remove(cert.sha256());
                deletes++;
            } else {
                // import only once the earlier delete reached this node, or it would be a no-op
                await(Duration.ofSeconds(30), cert.commonName() + " gone from " + node.name, () -> !node.holds(store, cert.sha256()));
                node.importTrust(store, cert);
                replicated.add(cert.sha256());
                imports++;
            }
        }
        victimBack.join();
        syncBack.join();
        System.out.printf("fault run: %d imports, %d deletes in %d s%n", imports, deletes,
                Duration.between(began, Instant.now()).toSeconds());

        Duration took = await(Duration.ofSeconds(90), "every node holds what the rules say", () -> {
            for (NodeProcess node : nodes) {
                for (String store : STORES) {
                    if (!difference(node, store, pool, replicated, capf).isEmpty()) {
                        return false;
                    }
                }
            }
            return true;
        });
        System.out.println("fault run converged " + took.toMillis() + " ms after the last operation");
        LocalCluster.sleep(6_500); // two full passes bring nothing back and lose nothing
        for (NodeProcess node : nodes) {
            for (String store : STORES) {
                assertEquals(List.of(), difference(node, store, pool, replicated, capf), node.name + " " + store);
                List<String> listed = node.store(store);
                assertEquals(new HashSet<>(listed).size(), listed.size(), "duplicates in " + node.name + " " + store);
            }
        }
        await(Duration.ofSeconds(30), "no pending work left", () -> cluster.sync().api().get("/api/v1/sync").then()
                .extract().jsonPath().getInt("pending") == 0);
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
