package io.ucfleet.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.platform.testing.OverHttps;

/**
 * cluster-sync's API is HTTPS only, as the nodes' (README, "HTTPS (cluster-sync, ctl-service,
 * lab-ca)"): on plain HTTP the API answers 302 https-required to the same path on the HTTPS port,
 * whatever the credentials; health and metrics stay on plain HTTP for probes and scrapers.
 */
@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
class HttpsOnlyTest {
    static io.restassured.specification.RequestSpecification plain() {
        return given().baseUri("http://127.0.0.1").port(OverHttps.plainPort()).redirects().follow(false);
    }

    @Test
    void theApiOnPlainHttpIsRedirectedToHttpsWithAProblem() {
        String location = "https://127.0.0.1:" + OverHttps.sslPort() + "/api/v1/sync?x=1";
        plain().auth().preemptive().basic("admin", "admin-password").get("/api/v1/sync?x=1").then().statusCode(302)
                .header("Location", equalTo(location)).contentType("application/problem+json")
                .body("type", endsWith("https-required")).body("status", equalTo(302))
                .body("location", equalTo(location));
        plain().auth().preemptive().basic("admin", "admin-password").post("/ucfleet/v1/hold").then().statusCode(302);
        plain().get("/fleet/").then().statusCode(302);
    }

    @Test
    void healthAndMetricsStayOnPlainHttp() {
        plain().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        plain().get("/q/health/live").then().statusCode(200);
        plain().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void theApiAnswersOnHttps() {
        given().baseUri("https://127.0.0.1").port(OverHttps.sslPort()).relaxedHTTPSValidation().auth().preemptive()
                .basic("auditor", "auditor-password").get("/api/v1/sync").then()
                .statusCode(200);
    }
}
