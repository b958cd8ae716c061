package io.ucfleet.node.api;

import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.testing.OpensslCa;

/** Concurrent changes apply one after the other: no duplicate, no 500, no lost restart reason. */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class ConcurrencyTest {

    private static <T> List<T> inParallel(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameCertificateUploadedEightTimesAtOnceIsStoredOnce() throws Exception {
        OpensslCa root = OpensslCa.root("Concurrent Root");
        byte[] pem = root.pem().getBytes();
        List<Integer> statuses = inParallel(8, () -> asAdmin().contentType("application/x-pem-file").body(pem)
                .post("/api/v1/trust-stores/ipsec-trust/certificates").statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        asAdmin().get("/api/v1/certificates?unit=ipsec-trust&commonName=Concurrent Root").then()
                .body("total", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void concurrentRegenerationsKeepEveryRestartReason() throws Exception {
        asAdmin().post("/api/v1/services/cisco-callmanager/restart").then().statusCode(200);
        List<String> units = List.of("tomcat-ECDSA", "CallManager-ECDSA", "CallManager", "tomcat");
        ExecutorService pool = Executors.newFixedThreadPool(units.size());
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (String unit : units) {
                futures.add(pool.submit(() -> asAdmin().contentType("application/json").body("{}")
                        .post("/api/v1/identities/" + unit + "/regenerate").statusCode()));
            }
            for (Future<Integer> f : futures) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        asAdmin().get("/api/v1/services").then().body("find { it.id == 'cisco-callmanager' }.restartReasons",
                hasItems("tomcat-ECDSA regenerated", "CallManager-ECDSA regenerated", "CallManager regenerated",
                        "tomcat regenerated"));
        asAdmin().post("/api/v1/services/cisco-callmanager/restart").then().statusCode(200);
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }

    @Test
    void aRestartRacingARegenerationNeverLeavesTheNewCertificateUnflaggedAndUnserved() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<Future<Integer>> futures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                futures.add(pool.submit(() -> asAdmin().contentType("application/json").body("{}")
                        .post("/api/v1/identities/tomcat/regenerate").statusCode()));
                futures.add(pool.submit(() -> asAdmin().post("/api/v1/services/cisco-tomcat/restart").statusCode()));
                for (Future<Integer> f : futures) {
                    assertEquals(200, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            String current = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
            String served = asAdmin().get("/api/v1/node").then().extract().path("servedWebCertificateSha256");
            boolean flagged = asAdmin().get("/api/v1/services").then().extract()
                    .path("find { it.id == 'cisco-tomcat' }.restartRequired");
            assertTrue(current.equals(served) || flagged, "round " + round + ": new tomcat neither served nor flagged");
        }
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }
}
