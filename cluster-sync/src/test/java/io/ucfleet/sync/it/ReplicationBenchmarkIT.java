package io.ucfleet.sync.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.ucfleet.sync.it.LocalCluster.NodeProcess;
import io.ucfleet.sync.it.LocalCluster.Spec;
import io.ucfleet.sync.it.TestCertificates.Cert;

/**
 * bench/replication-benchmark (not run by CI): for 3, 5 and 8 nodes, the time from a
 * tomcat-trust delete's answer on one node until no other node lists the certificate (p50,
 * p99), and how many replicated changes per second reach every peer when 1,000 certificates
 * are imported on one node.
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
        System.out.println("nodes  deletes  p50_ms  p99_ms  max_ms  throughput_changes_per_s  applications_per_s");
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
            LocalCluster.await(Duration.ofSeconds(300), "all changes everywhere", () -> nodes.stream()
                    .allMatch(n -> n.admin().get("/api/v1/certificates?unit=tomcat-trust&size=1").then().extract()
                            .jsonPath().getInt("total") >= before + count));
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("%5d  %7d  %6.0f  %6.0f  %6.0f  %24.0f  %18.0f", size, millis.size(), percentile(millis, 50),
                    percentile(millis, 99), millis.get(millis.size() - 1), count / seconds, count * (size - 1) / seconds);
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
