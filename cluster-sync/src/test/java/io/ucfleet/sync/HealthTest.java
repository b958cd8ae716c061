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
    void exposesReplicationMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("ucfleet_sync_pending"));
    }
}
