package io.ucfleet.sync.it;

import static io.ucfleet.sync.it.LocalCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Proc;
import io.ucfleet.sync.it.LocalCluster.Spec;
import io.ucfleet.sync.it.TestCertificates.Cert;

/**
 * The randomized fault campaign (issue 15): trust imports and deletes, tomcat regenerations and
 * CA-signed tomcat installs over a cluster of {@code campaign.nodes} nodes, while a schedule
 * drawn from {@code campaign.seed} SIGKILLs and restarts nodes and cluster-sync, freezes them
 * (SIGSTOP, SIGCONT), restarts their PostgreSQL (fast or immediate) and cuts or stalls the
 * network between cluster-sync and a node ({@link TcpProxy}). A model of the replication rules,
 * fed the same operations, says what every node must hold at the end; every node must hold
 * exactly that (nothing lost, duplicated or resurrected; every node's current tomcat in every
 * peer's tomcat-trust, no replaced one anywhere) and no work may be left pending.
 * <p>
 * The seed fixes every draw (operations, targets, faults and when they start and end, in
 * operations); how the processes' timing interleaves with them is the machine's. CI runs a short
 * campaign on a fresh seed each build (printed first, so a failure is rerun with
 * {@code -Dcampaign.seed=}); the long run is the README's command.
 */
class FaultCampaignIT {
    private static final List<String> STORES = List.of("tomcat-trust", "CallManager-trust", "CAPF-trust");
    private static final String CAPF = "CAPF-trust";
    private static final long SEED = Long.getLong("campaign.seed", System.nanoTime() & 0xFFFF_FFFFL);
    private static final int OPERATIONS = Integer.getInteger("campaign.operations", 400);
    private static final int NODES = Integer.getInteger("campaign.nodes", 3);
    /** A fault starts at an operation with this chance, where its kind has a free slot. */
    private static final double FAULT_CHANCE = Double.parseDouble(System.getProperty("campaign.fault-chance", "0.08"));

    enum Kind {
        KILL_NODE, PAUSE_NODE, RESTART_NODE_POSTGRES, KILL_SYNC, PAUSE_SYNC, RESTART_SYNC_POSTGRES, CUT_LINK, STALL_LINK;

        /** Faults of one slot never overlap: a node fault leaves the other nodes up, and so on. */
        Slot slot() {
            return switch (this) {
                case KILL_NODE, PAUSE_NODE, RESTART_NODE_POSTGRES -> Slot.NODE;
                case KILL_SYNC, PAUSE_SYNC, RESTART_SYNC_POSTGRES -> Slot.SYNC;
                case CUT_LINK, STALL_LINK -> Slot.LINK;
            };
        }
    }

    enum Slot {
        NODE, SYNC, LINK
    }

    /** One injected fault: what, on which process, from which operation to which. */
    private final class Fault {
        final Kind kind;
        final Proc target;
        final String targetName;
        final int endsAt;
        final String mode; // PostgreSQL's shutdown mode
        boolean ended;
        CompletableFuture<Void> restart;

        Fault(Kind kind, Proc target, String targetName, int endsAt, String mode) {
            this.kind = kind;
            this.target = target;
            this.targetName = targetName;
            this.endsAt = endsAt;
            this.mode = mode;
        }

        void begin() {
            switch (kind) {
                case KILL_NODE, KILL_SYNC -> target.kill();
                case PAUSE_NODE, PAUSE_SYNC -> target.pause();
                case RESTART_NODE_POSTGRES, RESTART_SYNC_POSTGRES -> target.stopPostgres(mode);
                case CUT_LINK -> cluster.proxy(targetName).set(TcpProxy.Link.CUT);
                case STALL_LINK -> cluster.proxy(targetName).set(TcpProxy.Link.STALLED);
            }
        }

        /** Ends the fault; a restart runs on while operations go on, and the fault lasts until it is done. */
        void end() {
            ended = true;
            switch (kind) {
                case KILL_NODE, KILL_SYNC -> restart = CompletableFuture.runAsync(target::start);
                case PAUSE_NODE, PAUSE_SYNC -> target.resume();
                case RESTART_NODE_POSTGRES, RESTART_SYNC_POSTGRES -> {
                    target.startPostgres();
                    if (kind == Kind.RESTART_NODE_POSTGRES) { // it answers 503 until its pool has reconnected
                        await(Duration.ofSeconds(60), targetName + " ready after its PostgreSQL came back", target::isReady);
                    }
                }
                case CUT_LINK, STALL_LINK -> cluster.proxy(targetName).set(TcpProxy.Link.UP);
            }
        }

        /** Ended, and back if it was killed (a restart that failed fails the campaign here). */
        boolean over() {
            if (restart != null && restart.isDone()) {
                restart.join();
            }
            return ended && (restart == null || restart.isDone());
        }

        @Override
        public String toString() {
            return kind + " " + targetName + (mode == null ? "" : " (" + mode + ")") + " until op " + endsAt;
        }
    }

    private LocalCluster cluster;
    private Path work;
    private final Map<Slot, Fault> active = new EnumMap<>(Slot.class);

    @AfterEach
    void stop() throws IOException {
        for (Fault f : active.values()) { // a failed campaign: no process may stay frozen
            if ((f.kind == Kind.PAUSE_NODE || f.kind == Kind.PAUSE_SYNC) && !f.ended) {
                f.target.resume();
            }
        }
        if (cluster != null && cluster.sync().isRunning()) {
            System.out.println("cluster-sync at the end: " + cluster.sync().control().get("/api/v1/sync").asString());
        }
        if (cluster != null) {
            cluster.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aRandomScheduleOfFaultsLosesDuplicatesAndResurrectsNothing() throws Exception {
        System.out.printf("FAULT CAMPAIGN seed=%d operations=%d nodes=%d (rerun: -Dcampaign.seed=%d)%n", SEED, OPERATIONS,
                NODES, SEED);
        Random random = new Random(SEED);
        Instant began = Instant.now();
        work = Files.createTempDirectory("ucfleet-campaign");
        TestCa ca = new TestCa(work);
        List<Spec> specs = new ArrayList<>(List.of(new Spec("pub", "publisher")));
        for (int i = 1; i < NODES; i++) {
            specs.add(new Spec("sub" + i, "subscriber"));
        }
        cluster = LocalCluster.start(Map.of("ucfleet.sync.full-pass-interval", "10S"), specs, List.of(), true);
        List<NodeProcess> nodes = cluster.nodes();

        Map<String, List<Cert>> pool = new HashMap<>();
        for (String store : STORES) {
            List<Cert> certs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                certs.add(TestCertificates.selfSigned("campaign-" + store + "-" + i));
            }
            pool.put(store, certs);
        }
        // The model. Replicated stores: one cluster-wide set; CAPF-trust: imports stay, deletes travel.
        Set<String> replicated = new HashSet<>();
        Map<String, Set<String>> capf = new HashMap<>();
        // Each node's tomcat: its current one must be in every peer's tomcat-trust, no replaced one anywhere.
        Map<String, String> tomcat = new LinkedHashMap<>();
        Set<String> replacedTomcats = new HashSet<>();
        boolean caInstalled = false;
        for (NodeProcess n : nodes) {
            capf.put(n.name, new HashSet<>());
            tomcat.put(n.name, n.identity("tomcat"));
        }
        Map<String, List<String>> history = new HashMap<>(); // per certificate, for a failure's message

        Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
        Map<String, Integer> done = new TreeMap<>();
        List<String> log = new ArrayList<>();
        int skipped = 0;
        int op = 0;
        while (op < OPERATIONS) {
            // faults: end those due, then maybe start one
            for (var it = active.values().iterator(); it.hasNext();) {
                Fault f = it.next();
                if (!f.ended && op >= f.endsAt) {
                    f.end();
                }
                if (f.over()) {
                    log.add("op " + op + ": over: " + f);
                    it.remove();
                }
            }
            if (random.nextDouble() < FAULT_CHANCE) {
                Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                int length = 10 + random.nextInt(50);
                NodeProcess node = nodes.get(random.nextInt(nodes.size()));
                String mode = random.nextBoolean() ? "fast" : "immediate";
                if (!active.containsKey(kind.slot())) {
                    Fault f = switch (kind.slot()) {
                        case NODE -> new Fault(kind, node, node.name, op + length, kind == Kind.RESTART_NODE_POSTGRES ? mode : null);
                        case SYNC -> new Fault(kind, cluster.sync(), "cluster-sync", op + length,
                                kind == Kind.RESTART_SYNC_POSTGRES ? mode : null);
                        case LINK -> new Fault(kind, null, node.name, op + length, null);
                    };
                    f.begin();
                    active.put(kind.slot(), f);
                    injected.merge(kind, 1, Integer::sum);
                    log.add("op " + op + ": began " + f);
                }
            }
            Fault nodeFault = active.get(Slot.NODE);
            List<NodeProcess> up = nodes.stream().filter(n -> nodeFault == null || nodeFault.target != n).toList();
            NodeProcess node = up.get(random.nextInt(up.size()));
            int draw = random.nextInt(100);
            if (draw < 8) {
                String before = tomcat.get(node.name);
                String fresh = node.regenerate("tomcat");
                replacedTomcats.add(before);
                tomcat.put(node.name, fresh);
                done.merge("tomcat regenerations", 1, Integer::sum);
            } else if (draw < 14) {
                String before = tomcat.get(node.name);
                String installed = ca.signAndInstall(node);
                replacedTomcats.add(before);
                tomcat.put(node.name, installed);
                caInstalled = true;
                done.merge("CA-signed tomcat installs", 1, Integer::sum);
            } else {
                String store = STORES.get(random.nextInt(STORES.size()));
                Cert cert = pool.get(store).get(random.nextInt(pool.get(store).size()));
                String outcome = trustOperation(op, node, up, store, cert, replicated, capf, history);
                if (outcome == null) {
                    skipped++;
                    continue; // drew a no-op: draw again
                }
                done.merge(outcome, 1, Integer::sum);
            }
            op++;
        }
        // every fault ends, every process is back
        for (Fault f : active.values()) {
            if (!f.ended) {
                f.end();
            }
            if (f.restart != null) {
                f.restart.get(240, TimeUnit.SECONDS);
            }
            log.add("end: over: " + f);
        }
        active.clear();
        Duration operating = Duration.between(began, Instant.now());
        log.forEach(line -> System.out.println("  " + line));
        System.out.printf("campaign: %s (%d no-op draws skipped); faults %s in %d s%n", done, skipped, injected,
                operating.toSeconds());
        for (NodeProcess n : nodes) {
            assertTrue(n.isRunning(), n.name + " died: " + n.tail());
        }
        assertTrue(cluster.sync().isRunning(), "cluster-sync died: " + cluster.sync().tail());

        String caSha = ca.certificate().sha256();
        boolean withCa = caInstalled;
        Duration took = await(Duration.ofSeconds(180), "every node holds what the rules say", () -> {
            List<String> wrong = divergences(nodes, pool, replicated, capf, tomcat, replacedTomcats, withCa ? caSha : null,
                    history);
            if (!wrong.isEmpty()) {
                throw new AssertionError(wrong.size() + " divergences:\n" + String.join("\n", wrong));
            }
            return true;
        });
        System.out.println("campaign converged " + took.toMillis() + " ms after the last operation");
        LocalCluster.sleep(21_000); // two full passes bring nothing back and lose nothing
        List<String> wrong = divergences(nodes, pool, replicated, capf, tomcat, replacedTomcats, withCa ? caSha : null, history);
        assertEquals(List.of(), wrong, "after two full passes");
        for (NodeProcess n : nodes) {
            for (String store : STORES) {
                List<String> listed = n.store(store);
                assertEquals(new HashSet<>(listed).size(), listed.size(), "duplicates in " + n.name + " " + store);
            }
        }
        await(Duration.ofSeconds(60), "no pending work left", () -> cluster.sync().control().get("/api/v1/sync").then()
                .extract().jsonPath().getInt("pending") == 0);
        System.out.printf("FAULT CAMPAIGN RESULT seed=%d nodes=%d operations=%d faults=%d %s divergences=0 in %d s%n", SEED,
                NODES, OPERATIONS, injected.values().stream().mapToInt(Integer::intValue).sum(), injected,
                Duration.between(began, Instant.now()).toSeconds());
    }

    /** One trust import or delete, as the model allows it; null when the draw would be a no-op. */
    private static String trustOperation(int op, NodeProcess node, List<NodeProcess> up, String store, Cert cert,
            Set<String> replicated, Map<String, Set<String>> capf, Map<String, List<String>> history) {
        if (store.equals(CAPF)) {
            if (capf.get(node.name).contains(cert.sha256())) {
                int status = node.deleteTrust(store, cert.sha256());
                if (status / 100 != 2) {
                    throw new AssertionError("op " + op + ": delete on " + node.name + " answered " + status + "; history "
                            + history.get(cert.sha256()));
                }
                history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " delete on " + node.name);
                capf.values().forEach(set -> set.remove(cert.sha256()));
                return "trust deletes";
            }
            if (node.holds(store, cert.sha256())) {
                return null; // a delete made elsewhere has not arrived yet: the import would be a no-op
            }
            node.importTrust(store, cert);
            history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " import on " + node.name);
            capf.get(node.name).add(cert.sha256());
            return "trust imports";
        }
        if (replicated.contains(cert.sha256())) {
            // delete it on a node it has reached (while a link is down, maybe only where it was made)
            NodeProcess holder = node.holds(store, cert.sha256()) ? node
                    : up.stream().filter(n -> n.holds(store, cert.sha256())).findFirst().orElse(null);
            if (holder == null) {
                return null; // so far only on a node that is away
            }
            int status = holder.deleteTrust(store, cert.sha256());
            if (status == 404) {
                // an older delete reached it between the look and the delete; the newer import is still
                // on its way there, so the certificate stays: nothing happened
                return null;
            }
            if (status / 100 != 2) {
                throw new AssertionError("op " + op + ": delete on " + holder.name + " answered " + status);
            }
            history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " delete on " + holder.name);
            replicated.remove(cert.sha256());
            return "trust deletes";
        }
        // import it where it is not (where an earlier delete has not arrived yet it would be a no-op)
        NodeProcess target = !node.holds(store, cert.sha256()) ? node
                : up.stream().filter(n -> !n.holds(store, cert.sha256())).findFirst().orElse(null);
        if (target == null) {
            return null;
        }
        target.importTrust(store, cert);
        history.computeIfAbsent(cert.sha256(), k -> new ArrayList<>()).add(op + " import on " + target.name);
        replicated.add(cert.sha256());
        return "trust imports";
    }

    /** Every way the nodes differ from the model, each naming node, store and certificate. */
    private static List<String> divergences(List<NodeProcess> nodes, Map<String, List<Cert>> pool, Set<String> replicated,
            Map<String, Set<String>> capf, Map<String, String> tomcat, Set<String> replacedTomcats, String caSha,
            Map<String, List<String>> history) {
        List<String> wrong = new ArrayList<>();
        for (NodeProcess n : nodes) {
            for (String store : STORES) {
                Set<String> ours = pool.get(store).stream().map(Cert::sha256).collect(Collectors.toSet());
                List<String> listed = n.store(store);
                Set<String> held = listed.stream().filter(ours::contains).collect(Collectors.toSet());
                Set<String> expected = ours.stream().filter(s -> store.equals(CAPF) ? capf.get(n.name).contains(s)
                        : replicated.contains(s)).collect(Collectors.toSet());
                held.stream().filter(s -> !expected.contains(s)).forEach(s -> wrong.add(n.name + " " + store + " resurrected "
                        + s.substring(0, 12) + " history " + history.get(s)));
                expected.stream().filter(s -> !held.contains(s)).forEach(s -> wrong.add(n.name + " " + store + " lost "
                        + s.substring(0, 12) + " history " + history.get(s)));
                if (store.equals("tomcat-trust")) {
                    for (var peer : tomcat.entrySet()) {
                        if (!peer.getKey().equals(n.name) && !listed.contains(peer.getValue())) {
                            wrong.add(n.name + " tomcat-trust lacks " + peer.getKey() + "'s tomcat " + peer.getValue().substring(0, 12));
                        }
                    }
                    listed.stream().filter(replacedTomcats::contains)
                            .forEach(s -> wrong.add(n.name + " tomcat-trust still holds a replaced tomcat " + s.substring(0, 12)));
                    if (caSha != null && !listed.contains(caSha)) {
                        wrong.add(n.name + " tomcat-trust lacks the CA of the CA-signed installs");
                    }
                }
            }
        }
        return wrong;
    }

    /** A CA on disk that openssl signs the nodes' tomcat CSRs with (an independent tool, as an administrator's CA). */
    private static final class TestCa {
        private final Path dir;
        private final Cert certificate;
        private int serial = 1000;

        TestCa(Path dir) {
            this.dir = dir;
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                    dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.pem").toString(), "-days", "365", "-subj",
                    "/CN=ucfleet campaign CA/O=ucfleet tests", "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            try {
                String pem = Files.readString(dir.resolve("ca.pem"));
                byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                certificate = new Cert("ucfleet campaign CA", der, java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(der)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        Cert certificate() {
            return certificate;
        }

        /** CSR on the node, signed by openssl keeping its extensions, installed with the CA: the installed fingerprint. */
        String signAndInstall(NodeProcess node) {
            Response csr = node.admin().contentType("application/json").body("{}").post("/api/v1/identities/tomcat/csr");
            if (csr.statusCode() != 201) {
                throw new AssertionError(node.name + ": CSR answered " + csr.statusCode() + " " + csr.asString());
            }
            try {
                Path request = dir.resolve(node.name + ".csr");
                Path signed = dir.resolve(node.name + ".pem");
                Files.writeString(request, csr.jsonPath().getString("csr.pem"));
                run("openssl", "x509", "-req", "-in", request.toString(), "-CA", dir.resolve("ca.pem").toString(), "-CAkey",
                        dir.resolve("ca.key").toString(), "-set_serial", Integer.toString(++serial), "-days", "300",
                        "-copy_extensions", "copy", "-out", signed.toString());
                String chain = Files.readString(signed) + Files.readString(dir.resolve("ca.pem"));
                Response installed = node.admin().contentType("application/octet-stream").body(chain.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .post("/api/v1/identities/tomcat/certificate");
                if (installed.statusCode() != 200) {
                    throw new AssertionError(node.name + ": install answered " + installed.statusCode() + " " + installed.asString());
                }
                return installed.jsonPath().getString("certificate.fingerprints.sha256");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void run(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed: " + out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
