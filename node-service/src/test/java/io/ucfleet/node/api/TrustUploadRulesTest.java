package io.ucfleet.node.api;

import static io.ucfleet.node.api.TrustStoreUploadTest.assertProblem;
import static io.ucfleet.node.api.TrustStoreUploadTest.upload;
import static io.ucfleet.node.testing.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.TestCertificates;
import io.ucfleet.node.x509.CertificateFacts;
import io.ucfleet.node.x509.Pem;

/**
 * The upload rules of real Unified CM (release 15 security guide) for trust stores: a
 * certificate with the name (subject) of one in the store and another serial replaces it only
 * when its validity starts later, else it is not uploaded; keys above 4096 bits are refused.
 */
@QuarkusTest
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class TrustUploadRulesTest {

    static RequestSpecification asCluster() {
        return io.restassured.RestAssured.given().auth().preemptive().basic("cluster", "cluster-password");
    }

    static long feedHead() {
        return ((Number) asCluster().get("/api/v1/replication/changes?after=0&limit=1").then().statusCode(200).extract()
                .path("head")).longValue();
    }

    static List<Map<String, Object>> feedSince(long head) {
        return asCluster().get("/api/v1/replication/changes?after=" + head + "&limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("changes");
    }

    static String pem(TestCertificates.Issued issued) {
        return Pem.certificate(CertificateFacts.encoded(issued.certificate()));
    }

    static String sha256(TestCertificates.Issued issued) {
        return CertificateFacts.of(issued.certificate()).sha256();
    }

    static List<String> storeFingerprints(String store, String commonName) {
        return asAdmin().get("/api/v1/certificates?unit=" + store + "&commonName=" + commonName).then().statusCode(200)
                .extract().path("items.sha256");
    }

    @Test
    void aLaterStartingCertificateOfTheSameNameReplacesTheOlderAndReplicatesAsDeletePlusImport() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = "Renewed Issuing Root";
        var older = TestCertificates.selfSignedCa(name, now.minus(30, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS));
        var newer = TestCertificates.selfSignedCa(name, now.minus(1, ChronoUnit.DAYS), now.plus(3000, ChronoUnit.DAYS));
        upload("CallManager-trust", pem(older)).statusCode(201).body("imported", hasSize(1));
        // The independent judge agrees they are two certificates of one name with other serials.
        String olderText = Openssl.x509Text(pem(older));
        String newerText = Openssl.x509Text(pem(newer));
        assertEquals(subjectLine(olderText), subjectLine(newerText));

        long head = feedHead();
        upload("CallManager-trust", pem(newer)).statusCode(201)
                .body("imported[0].sha256", equalTo(sha256(newer)))
                .body("replaced", hasSize(1))
                .body("replaced[0].certificate.sha256", equalTo(sha256(newer)))
                .body("replaced[0].replaced[0].sha256", equalTo(sha256(older)))
                .body("warnings.code", org.hamcrest.Matchers.hasItem("replaced"));
        assertEquals(List.of(sha256(newer)), storeFingerprints("CallManager-trust", name));

        var fed = feedSince(head).stream().filter(c -> "CallManager-trust".equals(c.get("store"))).toList();
        assertEquals(List.of("DELETE:" + sha256(older), "IMPORT:" + sha256(newer)),
                fed.stream().map(c -> c.get("operation") + ":" + c.get("sha256")).toList());
    }

    @Test
    void anEarlierOrEqualStartingCertificateOfTheSameNameIsNotUploadedAndNothingChanges() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = "Kept Issuing Root";
        var current = TestCertificates.selfSignedCa(name, now.minus(2, ChronoUnit.DAYS), now.plus(3000, ChronoUnit.DAYS));
        var earlier = TestCertificates.selfSignedCa(name, now.minus(40, ChronoUnit.DAYS), now.plus(9000, ChronoUnit.DAYS));
        var sameStart = TestCertificates.selfSignedCa(name, now.minus(2, ChronoUnit.DAYS), now.plus(9000, ChronoUnit.DAYS));
        upload("tomcat-trust", pem(current)).statusCode(201);
        String services = asAdmin().get("/api/v1/services").asString();
        long head = feedHead();
        for (var candidate : List.of(earlier, sameStart)) {
            upload("tomcat-trust", pem(candidate)).statusCode(200)
                    .body("imported", hasSize(0))
                    .body("notUploaded", hasSize(1))
                    .body("notUploaded[0].sha256", equalTo(sha256(candidate)))
                    .body("notUploaded[0].reason", equalTo("kept-newer-existing"))
                    .body("notUploaded[0].kept.sha256", equalTo(sha256(current)))
                    .body("warnings[0].code", equalTo("kept-newer-existing"));
        }
        assertEquals(List.of(sha256(current)), storeFingerprints("tomcat-trust", name));
        assertEquals(List.of(), feedSince(head).stream().filter(c -> "tomcat-trust".equals(c.get("store"))).toList());
        assertEquals(services, asAdmin().get("/api/v1/services").asString(), "no restart flagged");
    }

    @Test
    void theCertmgrTrustUploadSaysWhichHappened() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = "Certmgr Renewed Root";
        var older = TestCertificates.selfSignedCa(name, now.minus(30, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS));
        var newer = TestCertificates.selfSignedCa(name, now.minus(1, ChronoUnit.DAYS), now.plus(3000, ChronoUnit.DAYS));
        certmgrTrust(pem(older)).statusCode(200).body("results[0].imported", hasSize(1));
        certmgrTrust(pem(newer)).statusCode(200).body("results[0].replaced", hasSize(1))
                .body("results[0].replaced[0].replaced[0]", containsString("Certmgr_Renewed_Root_"));
        certmgrTrust(pem(older)).statusCode(200).body("results[0].imported", hasSize(0))
                .body("results[0].notUploaded[0].sha256", equalTo(sha256(older)))
                .body("results[0].notUploaded[0].keptExisting", containsString("Certmgr_Renewed_Root_"));
        assertEquals(List.of(sha256(newer)), storeFingerprints("tomcat-trust", name));
    }

    @Test
    void aKeyAbove4096BitsIsRefusedAndNothingChanges() {
        String big = Openssl.run("req", "-x509", "-newkey", "rsa:4200", "-nodes", "-keyout", "/dev/null", "-days", "30",
                "-subj", "/CN=Oversized Key Root", "-addext", "basicConstraints=critical,CA:TRUE");
        assertTrue(Openssl.x509Text(big).contains("(4200 bit)"));
        long before = TrustStoreUploadTest.count("tomcat-trust");
        assertProblem(upload("tomcat-trust", big), 400, "key-too-large");
        upload("tomcat-trust", big).body("detail", containsString("4200-bit"));
        assertEquals(before, TrustStoreUploadTest.count("tomcat-trust"));
    }

    /** Wildcards are refused for the node's own certificates only: a peer's or CA's certificate is trusted as it is. */
    @Test
    void aWildcardCertificateIsTrustedAsItIs() {
        var wildcard = TestCertificates.selfSignedCa("*.partner.example");
        upload("tomcat-trust", pem(wildcard)).statusCode(201).body("imported[0].sha256", equalTo(sha256(wildcard)));
    }

    private static io.restassured.response.ValidatableResponse certmgrTrust(String pem) {
        String body = "{\"service\": [\"tomcat\"], \"certificates\": [" + com.fasterxml.jackson.databind.node.TextNode
                .valueOf(pem) + "], \"description\": \"renewal\"}";
        return asAdmin().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/platformcom/api/v1/certmgr/config/trust/certificates").then();
    }

    private static String subjectLine(String text) {
        return text.lines().filter(l -> l.strip().startsWith("Subject:")).findFirst().orElseThrow();
    }
}
