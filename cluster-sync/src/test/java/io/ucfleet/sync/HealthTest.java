package io.ucfleet.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
class HealthTest {

    @Test
    void reportsReadyAndLive() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void saysWhatItIsAndShowsThePolicyTable() {
        given().get("/api/v1/sync").then().statusCode(200).body("service", equalTo("cluster-sync"))
                .body("pending", equalTo(0));
        given().get("/api/v1/sync/policy").then().statusCode(200)
                .body("rules.find { it.name == 'CAPF-trust' }.onImport", equalTo("NODE"))
                .body("rules.find { it.name == 'CAPF-trust' }.onDelete", equalTo("CLUSTER"))
                .body("rules.name", hasItem("tomcat-ECDSA"))
                .body("otherwise.onImport", equalTo("NODE"));
    }

    @Test
    void aMemberThatNeverAnswersIsOneUnsyncedConditionInOurWordsNotTheExceptionText() throws InterruptedException {
        String path = "members.find { it.url == 'http://127.0.0.1:1' }.condition";
        for (int i = 0; i < 100 && !"NodeUnreachable".equals(given().get("/api/v1/sync").path(path + ".reason")); i++) {
            Thread.sleep(100);
        }
        given().get("/api/v1/sync").then().statusCode(200)
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
            given().get("/api/v1/sync/pending?limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("urn:ucfleet:problem:invalid-request"))
                    .body("detail", org.hamcrest.Matchers.containsString(limit))
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Exception")))
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("For input string")));
        }
        given().get("/api/v1/sync/pending?limit=1").then().statusCode(200);
        given().get("/api/v1/sync/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:ucfleet:problem:not-found"));
        given().post("/api/v1/sync").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void exposesReplicationMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("ucfleet_sync_pending"));
    }
}
