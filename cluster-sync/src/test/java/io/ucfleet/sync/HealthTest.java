package io.ucfleet.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class HealthTest {

    static io.restassured.specification.RequestSpecification auditor() {
        return given().auth().preemptive().basic("auditor", "auditor-password");
    }

    @Test
    void theStatusNeedsAnAccountHealthAndMetricsDoNot() {
        for (String path : java.util.List.of("/api/v1/sync", "/api/v1/sync/pending", "/api/v1/sync/policy")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"));
            given().auth().preemptive().basic("auditor", "wrong").get(path).then().statusCode(401);
            auditor().get(path).then().statusCode(200);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void reportsReadyAndLive() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void saysWhatItIsAndShowsThePolicyTable() {
        auditor().get("/api/v1/sync").then().statusCode(200).body("service", equalTo("cluster-sync"))
                .body("pending", equalTo(0));
        auditor().get("/api/v1/sync/policy").then().statusCode(200)
                .body("rules.find { it.name == 'CAPF-trust' }.onImport", equalTo("NODE"))
                .body("rules.find { it.name == 'CAPF-trust' }.onDelete", equalTo("CLUSTER"))
                .body("rules.name", hasItem("tomcat-ECDSA"))
                .body("otherwise.onImport", equalTo("NODE"));
    }

    @Test
    void aMemberThatNeverAnswersIsOneUnsyncedConditionInOurWordsNotTheExceptionText() throws InterruptedException {
        String path = "members.find { it.url == 'http://127.0.0.1:1' }.condition";
        for (int i = 0; i < 100 && !"NodeUnreachable".equals(auditor().get("/api/v1/sync").path(path + ".reason")); i++) {
            Thread.sleep(100);
        }
        auditor().get("/api/v1/sync").then().statusCode(200)
                .body(path + ".type", equalTo("Synced"))
                .body(path + ".status", equalTo(false))
                .body(path + ".reason", equalTo("NodeUnreachable"))
                .body(path + ".message", equalTo("The node did not answer while identifying it."))
                .body(path + ".since", org.hamcrest.Matchers.notNullValue())
                .body("members[0].reachable", equalTo(false))
                .body("members[0].node", org.hamcrest.Matchers.nullValue())
                .body("members[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("lastError")))
                .body("databaseError", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void badRequestsAreProblems() {
        for (String limit : java.util.List.of("abc", "0", "-5", "1001", "99999999999")) {
            auditor().get("/api/v1/sync/pending?limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("urn:ucfleet:problem:invalid-request"))
                    .body("detail", org.hamcrest.Matchers.containsString(limit))
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Exception")))
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("For input string")));
        }
        auditor().get("/api/v1/sync/pending?limit=1").then().statusCode(200);
        auditor().get("/api/v1/sync/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:not-found"));
        auditor().post("/api/v1/sync").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void exposesReplicationMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("ucfleet_sync_pending"));
    }
}
