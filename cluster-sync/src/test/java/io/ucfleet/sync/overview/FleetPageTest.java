package io.ucfleet.sync.overview;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.sync.SyncTestDatabase;

/**
 * The fleet page's access rules, and what it shows of a member and a peer that do not answer
 * (the test boot's member and peer are both port 1). Real nodes and peers: LocalLauncherIT.
 */
@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
@org.junit.jupiter.api.extension.ExtendWith(io.ucfleet.platform.testing.OverHttps.class)
class FleetPageTest {
    @Inject
    FleetOverview overview;

    @Test
    void thePageNeedsAFleetAccountButNotTheClusterOneWhichReadsTheOverviewApi() {
        given().get("/fleet/").then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        given().auth().preemptive().basic("cluster", "cluster-password").get("/fleet/").then().statusCode(403);
        given().auth().preemptive().basic("auditor", "auditor-password").get("/fleet").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Fleet overview"));
        given().get("/api/v1/sync/overview").then().statusCode(401);
        given().auth().preemptive().basic("cluster", "cluster-password").get("/api/v1/sync/overview").then().statusCode(200)
                .body("nodes[0].url", equalTo("http://127.0.0.1:1"));
    }

    @Test
    void aMemberAndAPeerThatDoNotAnswerAreShownWithTheirFailure() {
        overview.refresh();
        given().auth().preemptive().basic("auditor", "auditor-password").get("/fleet/").then().statusCode(200)
                .body(containsString("<span id=\"fleet-name\">test-fleet</span>"))
                .body(containsString("cannot reach cluster member http://127.0.0.1:1"))
                .body(containsString("cluster-sync http://127.0.0.1:1: cannot reach"))
                .body(containsString("<b id=\"count-nodes\">1</b>nodes, 0 answering"));
        given().auth().preemptive().basic("admin", "admin-password").get("/api/v1/sync/fleet").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].source.from", equalTo("this cluster-sync"))
                .body("[0].cluster.nodes[0].readError", containsString("cannot reach cluster member"))
                .body("[0].cluster.nodes[0].certificates", nullValue())
                .body("[1].source.from", equalTo("http://127.0.0.1:1"))
                .body("[1].cluster", nullValue())
                .body("[1].source.readError", containsString("cannot reach"));
    }
}
