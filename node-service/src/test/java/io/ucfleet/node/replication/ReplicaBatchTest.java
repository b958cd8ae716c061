package io.ucfleet.node.replication;

import static io.ucfleet.node.replication.ReplicaEndpointsTest.asCluster;
import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.x509.Fingerprint;
import io.ucfleet.platform.replication.Applied;

/**
 * The apply endpoint takes a batch in one transaction with the per-change rules: each change
 * sees what the earlier ones of its batch did, and a malformed change refuses the whole batch.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class ReplicaBatchTest {
    private static final String STORE = "CallManager-trust";

    private static Map<String, Object> change(String operation, byte[] der, long version) {
        return change(STORE, operation, der, version);
    }

    private static Map<String, Object> change(String store, String operation, byte[] der, long version) {
        return ReplicaEndpointsTest.change(operation, store, der, version);
    }

    private static List<String> apply(List<Map<String, Object>> batch) {
        return asCluster().contentType("application/json").body(batch).post("/api/v1/replication/changes")
                .then().statusCode(200).extract().jsonPath().getList("outcome");
    }

    private static boolean holds(byte[] der) {
        return holds(STORE, der);
    }

    private static boolean holds(String store, byte[] der) {
        return asAdmin().get("/api/v1/certificates/" + store + "/" + Fingerprint.sha256(der)).statusCode() == 200;
    }

    private static long now() {
        return System.currentTimeMillis() * 1000;
    }

    @Test
    void aDuplicateInTheBatchIsAlreadyApplied() {
        byte[] der = TestCertificates.selfSignedCa("Batch Duplicate Root").der();
        Map<String, Object> imported = change("IMPORT", der, now());
        assertEquals(List.of("APPLIED", "ALREADY_APPLIED"), apply(List.of(imported, imported)));
        assertTrue(holds(der));
        assertEquals(List.of("ALREADY_APPLIED"), apply(List.of(imported)));
    }

    @Test
    void anOlderVersionAfterANewerOneIsSuperseded() {
        byte[] der = TestCertificates.selfSignedCa("Batch Order Root").der();
        long now = now();
        assertEquals(List.of("APPLIED", "SUPERSEDED"), apply(List.of(change("DELETE", der, now),
                change("IMPORT", der, now - 1_000_000))));
        assertFalse(holds(der), "the older import does not undo the delete before it in the batch");
    }

    @Test
    void aTombstoneThenAnOlderAndANewerReimportFlagTheRestartOnce() {
        String store = "tomcat-trust";
        byte[] der = TestCertificates.selfSignedCa("Batch Tombstone Root").der();
        long now = now();
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
        assertEquals(List.of("APPLIED", "APPLIED", "SUPERSEDED", "APPLIED"), apply(List.of(change(store, "IMPORT", der, now),
                change(store, "DELETE", der, now + 1), change(store, "IMPORT", der, now - 5),
                change(store, "IMPORT", der, now + 2))));
        assertTrue(holds(store, der), "the newer re-import wins over the tombstone");
        assertEquals(true, asCluster().get("/api/v1/replication/state").then().extract().jsonPath()
                .get("versions.find { it.store == '" + store + "' && it.sha256 == '" + Fingerprint.sha256(der)
                        + "' }.present"));
        asAdmin().get("/api/v1/services").then()
                .body("find { it.id == 'cisco-tomcat' }.restartRequired", equalTo(true))
                .body("find { it.id == 'cisco-tomcat' }.restartReasons", equalTo(List.of("tomcat-trust changed")));
        List<Object> fed = asCluster().get("/api/v1/replication/changes?after=0&limit=1000").then().extract().jsonPath()
                .getList("changes.findAll { it.sha256 == '" + Fingerprint.sha256(der) + "' }");
        assertTrue(fed.isEmpty(), "applied changes are not fed again");
        asAdmin().post("/api/v1/services/cisco-tomcat/restart").then().statusCode(200);
    }

    @Test
    void aHeldCertificateDeletedAndImportedAgainInOneBatchIsListedOnceAndOneImportedThenDeletedNotAtAll() {
        byte[] held = TestCertificates.selfSignedCa("Batch Replaced Root").der();
        byte[] passing = TestCertificates.selfSignedCa("Batch Passing Root").der();
        long now = now();
        assertEquals(List.of("APPLIED"), apply(List.of(change("IMPORT", held, now))));
        assertEquals(List.of("APPLIED", "APPLIED", "APPLIED", "APPLIED"), apply(List.of(change("DELETE", held, now + 1),
                change("IMPORT", passing, now + 2), change("IMPORT", held, now + 3), change("DELETE", passing, now + 4))));
        List<String> listed = asAdmin().get("/api/v1/certificates?unit=" + STORE + "&size=1000").then().statusCode(200)
                .extract().jsonPath().getList("items.sha256", String.class);
        assertEquals(1, listed.stream().filter(Fingerprint.sha256(held)::equals).count(), "replaced, not doubled");
        assertFalse(listed.contains(Fingerprint.sha256(passing)), "imported and deleted within the batch: never stored");
        assertTrue(holds(held));
    }

    @Test
    void oneBadChangeRefusesTheWholeBatchAndNothingIsApplied() {
        byte[] good = TestCertificates.selfSignedCa("Batch Good Root").der();
        byte[] other = TestCertificates.selfSignedCa("Batch Other Root").der();
        Map<String, Object> first = change("IMPORT", good, now());
        Map<String, Object> bad = change("IMPORT", other, now());
        bad.put("sha256", "0".repeat(64));
        Map<String, Object> last = change("DELETE", other, now());
        asCluster().contentType("application/json").body(List.of(first, bad, last)).post("/api/v1/replication/changes")
                .then().statusCode(400).body("detail", containsString("#2 (" + bad.get("changeId") + "): der does not match"))
                .body("detail", containsString("none was"));
        assertFalse(holds(good), "nothing of a refused batch is applied");
        assertEquals(List.of("APPLIED", "APPLIED"), apply(List.of(first, last)), "nor remembered as applied");
        assertTrue(holds(good));
    }

    @Test
    void aBatchHoldsAtMostMaxBatchChanges() {
        byte[] der = TestCertificates.selfSignedCa("Batch Size Root").der();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i <= Applied.MAX_BATCH; i++) {
            batch.add(change("DELETE", der, now() + i));
        }
        asCluster().contentType("application/json").body(batch).post("/api/v1/replication/changes").then()
                .statusCode(400).body("detail", containsString("1.." + Applied.MAX_BATCH));
        assertEquals(Applied.MAX_BATCH, apply(batch.subList(0, Applied.MAX_BATCH)).size());
    }
}
