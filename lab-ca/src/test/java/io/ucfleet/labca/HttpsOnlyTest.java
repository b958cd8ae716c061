package io.ucfleet.labca;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ucfleet.labca.testing.LabCaTestEnvironment;
import io.ucfleet.platform.testing.OverHttps;

/**
 * lab-ca's API is HTTPS only, as the nodes' (README, "HTTPS (cluster-sync, ctl-service, lab-ca)"):
 * on plain HTTP the API answers 302 https-required, whatever the credentials; health and metrics
 * stay plain, and so does {@code /pki/}: the CRL distribution points, the AIA CA certificates and
 * the OCSP responder, whose http URLs the issued certificates carry (RFC 5280/6960 clients).
 */
@QuarkusTest
@QuarkusTestResource(LabCaTestEnvironment.class)
class HttpsOnlyTest {
    static io.restassured.specification.RequestSpecification plain() {
        return given().baseUri("http://127.0.0.1").port(OverHttps.plainPort()).redirects().follow(false);
    }

    @Test
    void theApiOnPlainHttpIsRedirectedToHttpsWithAProblem() {
        String location = "https://127.0.0.1:" + OverHttps.sslPort() + "/api/v1/authorities/default";
        plain().auth().preemptive().basic("admin", "admin-password").get("/api/v1/authorities/default").then()
                .statusCode(302).header("Location", equalTo(location)).contentType("application/problem+json")
                .body("type", endsWith("https-required")).body("location", equalTo(location));
        plain().auth().preemptive().basic("admin", "admin-password").contentType("application/json").body("{}")
                .post("/api/v1/authorities/default/certificates").then().statusCode(302);
        plain().post("/ucfleet/v1/reset").then().statusCode(302);
    }

    @Test
    void healthAndMetricsStayOnPlainHttp() {
        plain().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // lab-ca has no metrics endpoint: its path is still not redirected (a 404 on plain HTTP)
        plain().get("/q/metrics").then().statusCode(not(302));
    }

    @Test
    void theCrlTheCaCertificatesAndOcspStayOnPlainHttpAtTheUrlsInTheCertificates() {
        String base = "http://127.0.0.1:" + OverHttps.plainPort();
        given().baseUri("https://127.0.0.1").port(OverHttps.sslPort()).relaxedHTTPSValidation().auth().preemptive()
                .basic("auditor", "auditor-password").get("/api/v1/authorities/default").then().statusCode(200)
                .body("ocspUrl", equalTo(base + "/pki/default/ocsp"));
        plain().get("/pki/default/intermediate.crl").then().statusCode(200).contentType(not(containsString("problem")));
        plain().get("/pki/default/root.crl").then().statusCode(200);
        plain().get("/pki/default/root.crt").then().statusCode(200);
        plain().get("/pki/default/chain.pem").then().statusCode(200).body(containsString("-----BEGIN CERTIFICATE-----"));
        // an OCSP request that is none: the responder's own answer (RFC 6960 malformedRequest), not a redirect
        int status = plain().contentType("application/ocsp-request").body(new byte[] {0x30, 0x00}).post("/pki/default/ocsp")
                .then().extract().statusCode();
        org.junit.jupiter.api.Assertions.assertNotEquals(302, status);
        int get = plain().get("/pki/default/ocsp/MAA=").then().extract().statusCode();
        org.junit.jupiter.api.Assertions.assertNotEquals(302, get);
    }
}
