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
 * tomcat-trust delete's answer on one node until no other node lists the certificate (p50,
 * p99), and how many replicated changes per second reach every peer when 1,000 certificates
 * are imported on one node; beside it, the ceiling: the rows those changes wrote on a peer
 * (certificate, trust_version, applied_change), read back and committed again by plain JDBC
 * into that peer's PostgreSQL, once per peer in parallel, in transactions of the batch size the
 * apply endpoint takes: how fast this machine's PostgreSQL commits them with no ucfleet between.
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
        System.out.println("nodes  deletes  p50_ms  p99_ms  max_ms  throughput_changes_per_s  applications_per_s"
                + "  ceiling_changes_per_s  ratio  origin_imports_per_s  after_last_import_ms");
        lines.forEach(System.out::println);
    }

    private String run(int size) {
        int deletes = Integer.getInteger("ucfleet.bench.deletes", 50);
        List<Spec> specs = new ArrayList<>(List.of(new Spec("pub", "publisher")));
        for (int i = 1; i < size; i++) {
            specs.add(new Spec("sub" + i, "subscriber"));
        }
        try (LocalCluster cluster = LocalCluster.start(Map.of(), specs, List.of())) {
            List<NodeProcess> nodes = cluster.nodes();
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < deletes + 5; i++) {
                Cert cert = TestCertificates.selfSigned("bench-delete-" + size + "-" + i);
                NodeProcess origin = nodes.get(i % size);
                origin.importTrust("tomcat-trust", cert);
                LocalCluster.await(Duration.ofSeconds(30), "import everywhere",
                        () -> nodes.stream().allMatch(n -> n.holds("tomcat-trust", cert.sha256())));
                NodeProcess deleter = nodes.get((i + 1) % size);
                deleter.deleteTrust("tomcat-trust", cert.sha256());
                long start = System.nanoTime();
                CompletableFuture.allOf(nodes.stream().filter(n -> n != deleter).map(n -> CompletableFuture.runAsync(() ->
                        LocalCluster.await(Duration.ofSeconds(30), "delete on " + n.name,
                                () -> !n.holds("tomcat-trust", cert.sha256())))).toArray(CompletableFuture[]::new)).join();
                if (i >= 5) { // the first few warm the JIT
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
            Collections.sort(millis);

            int count = Integer.getInteger("ucfleet.bench.changes", 1000);
            List<Cert> certs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                certs.add(TestCertificates.selfSigned("bench-throughput-" + size + "-" + i));
            }
            NodeProcess origin = nodes.get(0);
            int before = origin.store("tomcat-trust").size();
            long start = System.nanoTime();
            for (int i = 0; i < count; i += 500) {
                String pem = certs.subList(i, Math.min(count, i + 500)).stream().map(Cert::pem).collect(Collectors.joining());
                origin.admin().contentType("application/x-pem-file").body(pem.getBytes())
                        .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
            }
            double importSeconds = (System.nanoTime() - start) / 1e9;
            LocalCluster.await(Duration.ofSeconds(300), "all changes everywhere", () -> nodes.stream()
                    .allMatch(n -> n.admin().get("/api/v1/certificates?unit=tomcat-trust&size=1").then().extract()
                            .jsonPath().getInt("total") >= before + count));
            double seconds = (System.nanoTime() - start) / 1e9;
            double ceiling = ceiling(nodes.get(1), certs, size - 1);
            return String.format("%5d  %7d  %6.0f  %6.0f  %6.0f  %24.0f  %18.0f  %21.0f  %5.2f  %20.0f  %21.0f", size,
                    millis.size(), percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1),
                    count / seconds, count * (size - 1) / seconds, ceiling, count / seconds / ceiling, count / importSeconds,
                    (seconds - importSeconds) * 1000);
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
