package io.ucfleet.ctl;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.platform.testing.OverHttps;

/**
 * ctl-service's API is HTTPS only, as the nodes' (README, "HTTPS (cluster-sync, ctl-service,
 * lab-ca)"): on plain HTTP the API answers 302 https-required, whatever the credentials; health
 * and metrics stay plain, and so does the phones' TFTP-HTTP port (6970), a listener of its own.
 */
@QuarkusTest
@QuarkusTestResource(CtlTestEnvironment.class)
class HttpsOnlyTest {
    static io.restassured.specification.RequestSpecification plain() {
        return given().baseUri("http://127.0.0.1").port(OverHttps.plainPort()).redirects().follow(false);
    }

    @Test
    void theApiOnPlainHttpIsRedirectedToHttpsWithAProblem() {
        String location = "https://127.0.0.1:" + OverHttps.sslPort() + "/api/v1/ctl";
        plain().auth().preemptive().basic("admin", "admin-password").get("/api/v1/ctl").then().statusCode(302)
                .header("Location", equalTo(location)).contentType("application/problem+json")
                .body("type", endsWith("https-required")).body("location", equalTo(location));
        plain().auth().preemptive().basic("admin", "admin-password").post("/api/v1/ctl/mixed-mode").then().statusCode(302);
    }

    @Test
    void healthAndMetricsStayOnPlainHttp() {
        plain().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // ctl-service has no metrics endpoint: its path is still not redirected (a 404 on plain HTTP)
        plain().get("/q/metrics").then().statusCode(org.hamcrest.Matchers.not(302));
    }

    @Test
    void thePhonesTftpHttpPortStaysPlainHttp() throws Exception {
        String answer = io.ucfleet.fleet.process.RawHttp.exchange(CtlTestEnvironment.tftpHttpPort,
                "GET /ITLFile.tlv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 ") || answer.startsWith("HTTP/1.1 404 "), answer);
        assertTrue(!answer.contains("https-required"), answer);
    }

    @Test
    void theApiAnswersOnHttps() {
        given().baseUri("https://127.0.0.1").port(OverHttps.sslPort()).relaxedHTTPSValidation().auth().preemptive()
                .basic("auditor", "auditor-password").get("/api/v1/ctl").then().statusCode(200);
    }
}
