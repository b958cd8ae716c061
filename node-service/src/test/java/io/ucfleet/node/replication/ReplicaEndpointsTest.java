package io.ucfleet.node.replication;

import io.ucfleet.platform.replication.Applied;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Feed;
import static io.restassured.RestAssured.given;
import static io.ucfleet.node.testing.Api.asAdmin;
import static io.ucfleet.node.testing.Api.asReadOnly;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.SeedCa;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.x509.Fingerprint;

/**
 * The node's side of replication: every trust change in the feed with its version, deletes
 * leaving tombstones, peers' changes applied only if they order after the node's version,
 * once per change id, and never fed again.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class ReplicaEndpointsTest {

    static RequestSpecification asCluster() {
        return given().auth().preemptive().basic("cluster", "cluster-password");
    }

    private static List<Map<String, Object>> feedFor(String sha256) {
        return asCluster().get("/api/v1/replication/changes?after=0&limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("changes.findAll { it.sha256 == '" + sha256 + "' }");
    }

    private static Map<String, Object> version(String store, String sha256) {
        return asCluster().get("/api/v1/replication/state").then().statusCode(200).extract().jsonPath()
                .getMap("versions.find { it.store == '" + store + "' && it.sha256 == '" + sha256 + "' }");
    }

    private static String apply(Map<String, Object> change) {
        return asCluster().contentType("application/json").body(List.of(change)).post("/api/v1/replication/changes")
                .then().statusCode(200).extract().path("[0].outcome");
    }

    /** A change as cluster-sync sends it (ReplicaBatchTest too). */
    static Map<String, Object> change(String operation, String store, byte[] der, long version) {
        Map<String, Object> change = new HashMap<>();
        change.put("changeId", UUID.randomUUID().toString());
        change.put("operation", operation);
        change.put("store", store);
        change.put("sha256", Fingerprint.sha256(der));
        if (operation.equals("IMPORT")) {
            change.put("der", Base64.getEncoder().encodeToString(der));
        }
        change.put("version", version);
        change.put("origin", "peer.ucfleet.test");
        return change;
    }

    private static boolean holds(String store, String sha256) {
        return asAdmin().get("/api/v1/certificates/" + store + "/" + sha256).statusCode() == 200;
    }

    @Test
    void aCaSignedTomcatIsFedForThePeersTomcatTrustAndServedForRepairsThoughThisNodeHoldsNoCopy() {
        String selfSigned = asAdmin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        try {
            SeedCa root = SeedCa.root("ucfleet exchange root");
            String csr = asAdmin().contentType("application/json").body("{}").post("/api/v1/identities/tomcat/csr")
                    .then().statusCode(201).extract().path("csr.pem");
            String installed = asAdmin().contentType("application/x-pem-file")
                    .body((root.signPem(csr) + root.pem()).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .post("/api/v1/identities/tomcat/certificate").then().statusCode(200)
                    .extract().path("certificate.fingerprints.sha256");
            assertFalse(holds("tomcat-trust", installed), "a CA-signed identity is trusted through its CA here");
            List<Map<String, Object>> fed = feedFor(installed);
            assertEquals(1, fed.size());
            assertEquals("IMPORT", fed.get(0).get("operation"));
            assertEquals("tomcat-trust", fed.get(0).get("store"));
            assertEquals("tomcat", fed.get(0).get("sourceUnit"));
            assertEquals("DELETE", feedFor(selfSigned).get(feedFor(selfSigned).size() - 1).get("operation"),
                    "the replaced self-signed copy leaves the peers too");
            asCluster().get("/api/v1/replication/certificates/tomcat-trust/" + installed).then().statusCode(200)
                    .body("sha256", equalTo(installed));
        } finally {
            asAdmin().contentType("application/json").body("{\"keySize\": 2048}")
                    .post("/api/v1/identities/tomcat/regenerate").then().statusCode(200);
        }
    }

    @Test
    void importsAndDeletesAreFedWithTheirVersionAndADeleteLeavesATombstone() {
        byte[] der = TestCertificates.selfSignedCa("Feed Root").der();
        String sha = Fingerprint.sha256(der);
        asAdmin().contentType("application/octet-stream").body(der).post("/api/v1/trust-stores/tomcat-trust/certificates")
                .then().statusCode(201);
        asAdmin().delete("/api/v1/certificates/tomcat-trust/" + sha + "?confirm=true").then().statusCode(200);
        List<Map<String, Object>> fed = feedFor(sha);
        assertEquals(List.of("IMPORT", "DELETE"), fed.stream().map(c -> c.get("operation")).toList());
        assertTrue(((Number) fed.get(1).get("version")).longValue() > ((Number) fed.get(0).get("version")).longValue());
        assertEquals("cucm-pub.ucfleet.test", fed.get(0).get("origin"));
        assertEquals(false, version("tomcat-trust", sha).get("present"));
    }

    @Test
    void aPeersChangeAppliesOnlyIfLaterOncePerIdAndIsNeverFedAgain() {
        byte[] der = TestCertificates.selfSignedCa("Applied Root").der();
        String sha = Fingerprint.sha256(der);
        long now = System.currentTimeMillis() * 1000;

        Map<String, Object> delete = change("DELETE", "CallManager-trust", der, now);
        assertEquals("APPLIED", apply(delete)); // a tombstone for a certificate never seen here
        assertEquals("ALREADY_APPLIED", apply(delete));
        assertEquals("SUPERSEDED", apply(change("IMPORT", "CallManager-trust", der, now - 1_000_000)));
        assertFalse(holds("CallManager-trust", sha), "an older import does not undo a delete");

        assertEquals("APPLIED", apply(change("IMPORT", "CallManager-trust", der, now + 1)));
        assertTrue(holds("CallManager-trust", sha), "a later import wins");
        assertTrue(feedFor(sha).isEmpty(), "applied changes are not fed again");
        // the audit log: only the import changed the store; by replication from the peer, delivered by the cluster account
        List<Map<String, Object>> audited = asAdmin().queryParam("via", "replication").queryParam("subject", "CallManager-trust")
                .get("/api/v1/audit-log").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.after == '" + sha + "' || it.before == '" + sha + "' }");
        assertEquals(1, audited.size(), audited.toString());
        assertEquals(List.of("trust-import", "cluster", "peer.ucfleet.test"), List.of(audited.get(0).get("eventType"),
                audited.get(0).get("userId"), audited.get(0).get("origin")), audited.toString());

        // a local delete by the administrator afterwards orders after everything the node has seen
        asAdmin().delete("/api/v1/certificates/CallManager-trust/" + sha + "?confirm=true").then().statusCode(200);
        assertTrue(((Number) feedFor(sha).get(0).get("version")).longValue() > now + 1);

        assertEquals("NOT_APPLICABLE", apply(change("IMPORT", "cup-trust", der, now + 2)));
    }

    @Test
    void onlyTheClusterAccountAndWellFormedChanges() throws InterruptedException {
        asAdmin().get("/api/v1/replication/changes").then().statusCode(403);
        asReadOnly().get("/api/v1/replication/state").then().statusCode(403);
        given().get("/api/v1/replication/state").then().statusCode(401);
        byte[] good = TestCertificates.selfSignedCa("Good Change Root").der();
        assertEquals("APPLIED", apply(change("IMPORT", "tomcat-trust", good, System.currentTimeMillis() * 1000)));
        byte[] der = TestCertificates.selfSignedCa("Bad Change Root").der();
        Map<String, Object> wrong = change("IMPORT", "tomcat-trust", der, 5);
        wrong.put("sha256", "0".repeat(64));
        asCluster().contentType("application/json").body(List.of(wrong)).post("/api/v1/replication/changes").then()
                .statusCode(400).body("detail", containsString("der does not match sha256"));
        assertFalse(holds("tomcat-trust", Fingerprint.sha256(der)));
        asCluster().get("/api/v1/replication/changes?limit=0").then().statusCode(400)
                .body("type", equalTo("urn:ucfleet:problem:invalid-request"));
        // a refused delivery has its request's entry (written as the answer goes, off the event loop); a
        // successful one, like the import above, none: each change it applied has its own (the other test)
        long deadline = System.currentTimeMillis() + 10_000;
        List<Map<String, Object>> deliveries;
        while ((deliveries = deliveriesAudited()).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(deliveries.isEmpty(), "the refused delivery is audited");
        Thread.sleep(500); // the import's entry, had it one, was due before the refusal's
        deliveries = deliveriesAudited();
        assertTrue(deliveries.stream().allMatch(d -> "failure".equals(d.get("status")) && "HTTP 400".equals(d.get("detail"))),
                deliveries.toString());
    }

    /** The audit log's request entries of the cluster account's deliveries. */
    private static List<Map<String, Object>> deliveriesAudited() {
        return asAdmin().queryParam("via", "cluster").queryParam("limit", 1000).get("/api/v1/audit-log").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.resource == 'POST /api/v1/replication/changes' }");
    }
}
