package io.ucfleet.sync.it;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.ucfleet.platform.replication.Applied;
import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Spec;
import io.ucfleet.sync.it.TestCertificates.Cert;

/**
 * bench/replication-benchmark (not run by CI): for 3, 5 and 8 nodes, the time from a
 * tomcat-trust delete's answer on one node until no other node holds the certificate (p50,
 * p99, watched on each node's PostgreSQL); the replicated changes per second reaching every
 * peer, timed from cluster-sync's release of 1,000 certificates imported on one node while it
 * held its deliveries (replication alone, not the origin's upload speed); beside it, the
 * ceiling: the rows those changes wrote on a peer (certificate, trust_version, applied_change),
 * read back and committed again by plain JDBC into that peer's PostgreSQL, once per peer in
 * parallel, in transactions of the batch size the apply endpoint takes: how fast this machine's
 * PostgreSQL commits them with no ucfleet between; and the end-to-end figure, 1,000 more
 * imported while cluster-sync replicates (from the first upload until every node holds all).
 */
@EnabledIfSystemProperty(named = "ucfleet.bench", matches = "true")
class ReplicationBenchmarkIT {

    @Test
    void convergenceAndThroughput() {
        List<String> lines = new ArrayList<>();
        for (String size : System.getProperty("ucfleet.bench.sizes", "3,5,8").split(",")) {
            lines.add(run(Integer.parseInt(size.strip())));
        }
        System.out.println("\nREPLICATION BENCHMARK");
        System.out.println("nodes  deletes  p50_ms  p99_ms  max_ms  replicated_changes_per_s  applications_per_s"
                + "  ceiling_changes_per_s  ratio  end_to_end_changes_per_s  origin_imports_per_s  after_last_import_ms");
        lines.forEach(System.out::println);
        // Which peer made a slow delete slow: one late node (a pause on it) or all of them (cluster-sync, the machine).
        System.out.println("\nSLOWEST DELETES (ms until each node no longer held it; - the deleter; node 0 the publisher)");
        SLOWEST.forEach(s -> System.out.printf("%5d  #%-3d %s by %d  %6.0f   %s%n", s.nodes(), s.round(), s.at(), s.deleter(),
                s.millis(), s.perNode()));
        System.out.println();
    }

    /** A measured delete, for the list of the slowest: its round, when it was made, the deleting node, each node's time. */
    private record Slow(int nodes, int round, java.time.LocalTime at, int deleter, double millis, String perNode) {
    }

    private static final List<Slow> SLOWEST = new ArrayList<>();

    private String run(int size) {
        int deletes = Integer.getInteger("ucfleet.bench.deletes", 50);
        List<Spec> specs = new ArrayList<>(List.of(new Spec("pub", "publisher")));
        for (int i = 1; i < size; i++) {
            specs.add(new Spec("sub" + i, "subscriber"));
        }
        try (LocalCluster cluster = LocalCluster.start(Map.of(), specs, List.of());
                Databases databases = new Databases(cluster.nodes())) {
            List<NodeProcess> nodes = cluster.nodes();
            List<Double> millis = new ArrayList<>();
            List<Slow> slowest = new ArrayList<>();
            // Warm-up rounds, not measured: a node's JVM runs the apply path interpreted until it has
            // served it some hundred times; a node of a running cluster has long done so.
            int warmup = Integer.getInteger("ucfleet.bench.warmup", 60);
            for (int i = 0; i < deletes + warmup; i++) {
                Cert cert = TestCertificates.selfSigned("bench-delete-" + size + "-" + i);
                NodeProcess origin = nodes.get(i % size);
                origin.importTrust("tomcat-trust", cert);
                databases.await(Duration.ofSeconds(30), "import everywhere", n -> databases.holds(n, cert.sha256()));
                int deleter = (i + 1) % size;
                java.time.LocalTime wall = java.time.LocalTime.now();
                nodes.get(deleter).deleteTrust("tomcat-trust", cert.sha256());
                long start = System.nanoTime();
                long[] converged = databases.await(Duration.ofSeconds(30), "delete everywhere",
                        n -> n == deleter || !databases.holds(n, cert.sha256()));
                if (i >= warmup) {
                    double total = (System.nanoTime() - start) / 1e6;
                    millis.add(total);
                    slowest.add(new Slow(size, i - warmup, wall, deleter, total, IntStream.range(0, size)
                            .mapToObj(n -> n == deleter ? "-" : String.format("%.0f", (converged[n] - start) / 1e6))
                            .collect(Collectors.joining(" "))));
                }
            }
            Collections.sort(millis);

            int count = Integer.getInteger("ucfleet.bench.changes", 1000);
            NodeProcess origin = nodes.get(0);
            // End to end: imported on the origin while cluster-sync replicates (the origin's upload speed included).
            List<Cert> certs = certificates("bench-throughput-" + size, count);
            int before = databases.count(0);
            long start = System.nanoTime();
            upload(origin, certs);
            double importSeconds = (System.nanoTime() - start) / 1e9;
            databases.await(Duration.ofSeconds(300), "all changes everywhere", n -> databases.count(n) >= before + count);
            double endToEnd = (System.nanoTime() - start) / 1e9;
            // Replication alone: imported while cluster-sync holds its deliveries, timed from the release.
            List<Cert> held = certificates("bench-held-" + size, count);
            int beforeHeld = databases.count(0);
            cluster.sync().control().post("/ucfleet/v1/hold").then().statusCode(200);
            upload(origin, held);
            long released = System.nanoTime();
            cluster.sync().control().post("/ucfleet/v1/release").then().statusCode(200);
            databases.await(Duration.ofSeconds(300), "all held changes everywhere",
                    n -> databases.count(n) >= beforeHeld + count);
            double seconds = (System.nanoTime() - released) / 1e9;
            double ceiling = ceiling(nodes.get(1), held, size - 1);
            slowest.sort(java.util.Comparator.comparingDouble(Slow::millis).reversed());
            SLOWEST.addAll(slowest.subList(0, Math.min(3, slowest.size())));
            return String.format("%5d  %7d  %6.0f  %6.0f  %6.0f  %24.0f  %18.0f  %21.0f  %5.2f  %24.0f  %20.0f  %20.0f", size,
                    millis.size(), percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1),
                    count / seconds, count * (size - 1) / seconds, ceiling, count / seconds / ceiling, count / endToEnd,
                    count / importSeconds, (endToEnd - importSeconds) * 1000);
        }
    }

    private static List<Cert> certificates(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> TestCertificates.selfSigned(prefix + "-" + i)).toList();
    }

    /** Uploads into the origin's tomcat-trust, 500 certificates a request. */
    private static void upload(NodeProcess origin, List<Cert> certs) {
        for (int i = 0; i < certs.size(); i += 500) {
            String pem = certs.subList(i, Math.min(certs.size(), i + 500)).stream().map(Cert::pem).collect(Collectors.joining());
            origin.admin().contentType("application/x-pem-file").body(pem.getBytes())
                    .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
        }
    }

    /**
     * Every node's PostgreSQL, where the benchmark watches tomcat-trust: what a node's API lists is
     * what its database holds committed, and a query there costs the loaded JVMs nothing, where
     * polling seven APIs every 10 ms (sequentially, on the common pool of a 2-core machine) took
     * CPU from the nodes being measured and added up to a request per node to every figure.
     */
    private static final class Databases implements AutoCloseable {
        private final List<Connection> connections = new ArrayList<>();

        Databases(List<NodeProcess> nodes) {
            try {
                for (NodeProcess n : nodes) {
                    connections.add(DriverManager.getConnection(n.jdbcUrl(), "postgres", "postgres"));
                }
            } catch (SQLException e) {
                close();
                throw new AssertionError("the nodes' PostgreSQL cannot be reached", e);
            }
        }

        boolean holds(int node, String sha256) {
            try (PreparedStatement s = connections.get(node).prepareStatement(
                    "select 1 from certificate where unit = 'tomcat-trust' and sha256 = ?")) {
                s.setString(1, sha256);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }

        int count(int node) {
            try (Statement s = connections.get(node).createStatement();
                    ResultSet r = s.executeQuery("select count(*) from certificate where unit = 'tomcat-trust'")) {
                r.next();
                return r.getInt(1);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * Polls every node not yet done, about every 5 ms, until the condition holds for all of them;
         * answers when ({@link System#nanoTime}) each was first seen done.
         */
        long[] await(Duration timeout, String what, java.util.function.IntPredicate done) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long[] at = new long[connections.size()];
            List<Integer> left = new ArrayList<>(IntStream.range(0, connections.size()).boxed().toList());
            while (true) {
                left.removeIf(n -> {
                    boolean now = done.test(n);
                    if (now) {
                        at[n] = System.nanoTime();
                    }
                    return now;
                });
                if (left.isEmpty()) {
                    return at;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + timeout + ": " + what + " (nodes " + left + " not yet)");
                }
                LocalCluster.sleep(5);
            }
        }

        @Override
        public void close() {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing at the end of the run: nothing left to do with it
                }
            }
        }
    }

    /** The three tables a replicated import writes on a peer, in the order the peer writes them. */
    private static final List<String> TABLES = List.of("certificate", "trust_version", "applied_change");

    /**
     * Changes per second this machine's PostgreSQL commits with no ucfleet in between: the very
     * rows {@code peer} holds for {@code certs}, committed again by JDBC into copies of their
     * tables on its PostgreSQL, {@code peers} connections in parallel (as cluster-sync applies to
     * every peer at once), {@link Applied#MAX_BATCH} changes per transaction.
     */
    private static double ceiling(NodeProcess peer, List<Cert> certs, int peers) {
        String url = peer.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            Array shas = c.createArrayOf("text", certs.stream().map(Cert::sha256).toArray());
            Map<String, List<Object[]>> rows = Map.of(
                    "certificate", rows(c, "select * from certificate where unit = 'tomcat-trust' and sha256::text = any (?)"
                            + " order by sha256", shas),
                    "trust_version", rows(c, "select * from trust_version where store = 'tomcat-trust'"
                            + " and sha256::text = any (?) order by sha256", shas),
                    "applied_change", rows(c, "select a.* from applied_change a join trust_version v using (change_id)"
                            + " where v.store = 'tomcat-trust' and v.sha256::text = any (?) order by v.sha256", shas));
            for (String table : TABLES) {
                if (rows.get(table).size() != certs.size()) {
                    throw new AssertionError(peer.name + " holds " + rows.get(table).size() + " " + table + " rows for "
                            + certs.size() + " changes");
                }
            }
            try (Statement s = c.createStatement()) {
                for (int p = 0; p < peers; p++) {
                    s.execute("drop schema if exists ceiling_" + p + " cascade; create schema ceiling_" + p);
                    for (String table : TABLES) {
                        s.execute("create table ceiling_" + p + "." + table + " (like public." + table + " including all)");
                    }
                }
            }
            long start = System.nanoTime();
            CompletableFuture.allOf(IntStream.range(0, peers).mapToObj(p -> CompletableFuture.runAsync(() ->
                    commit(url, "ceiling_" + p, rows, certs.size()))).toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement s = c.createStatement()) {
                for (int p = 0; p < peers; p++) {
                    s.execute("drop schema ceiling_" + p + " cascade");
                }
            }
            return certs.size() / seconds;
        } catch (SQLException e) {
            throw new AssertionError("the ceiling could not be measured on " + peer.name + "'s PostgreSQL", e);
        }
    }

    private static void commit(String url, String schema, Map<String, List<Object[]>> rows, int count) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i += Applied.MAX_BATCH) {
                for (String table : TABLES) {
                    List<Object[]> batch = rows.get(table).subList(i, Math.min(count, i + Applied.MAX_BATCH));
                    String marks = String.join(", ", Collections.nCopies(batch.get(0).length, "?"));
                    try (PreparedStatement insert = c.prepareStatement("insert into " + schema + "." + table
                            + " values (" + marks + ")")) {
                        for (Object[] row : batch) {
                            for (int col = 0; col < row.length; col++) {
                                insert.setObject(col + 1, row[col]);
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                c.commit();
            }
        } catch (SQLException e) {
            throw new AssertionError("committing the ceiling's rows failed", e);
        }
    }

    private static List<Object[]> rows(Connection c, String sql, Array shas) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, shas);
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                List<Object[]> rows = new ArrayList<>();
                while (r.next()) {
                    Object[] row = new Object[columns];
                    for (int col = 0; col < columns; col++) {
                        row[col] = r.getObject(col + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
