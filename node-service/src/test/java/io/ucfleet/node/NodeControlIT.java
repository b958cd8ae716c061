package io.ucfleet.node;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.node.testing.NodeProcess;
import io.ucfleet.node.testing.Openssl;
import io.ucfleet.node.testing.TestCertificates;

/**
 * The management API on a packaged publisher: the node's clock moved forward (certificates it
 * issues start then, and what it holds expires when the moved clock says so, as openssl reads
 * them), and a reset back to a fresh install (new identities, HTTPS presenting the new tomcat,
 * imported trust and pending CSRs gone), judged by openssl and the node's own listings.
 */
class NodeControlIT {
    private static final String MONITOR_PASSWORD = "it-monitor-password";
    private static ServiceProcess node;
    private static int https;

    @BeforeAll
    static void start() throws Exception {
        https = ServiceProcess.freePort();
        node = NodeProcess.node("ctl-pub", "publisher", Files.createTempDirectory("ucfleet-control-it"),
                java.nio.file.Path.of("target", "quarkus-app", "quarkus-run.jar"))
                .property("quarkus.http.ssl-port", https)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_MONITOR", MONITOR_PASSWORD)
                .env("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_MONITOR", "read-only").build();
        node.start().awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    private static RequestSpecification admin() {
        return RestAssured.given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation().auth().preemptive().basic("administrator", NodeProcess.ADMIN_PASSWORD);
    }

    private static RequestSpecification monitor() {
        return RestAssured.given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation().auth().preemptive().basic("monitor", MONITOR_PASSWORD);
    }

    private static String notBefore(String pem) {
        return Openssl.withInput(pem, "x509", "-noout", "-startdate").out().trim().substring("notBefore=".length());
    }

    @Test
    void aMovedClockIssuesCertificatesFromThenAndExpiresWhatItHolds() {
        monitor().get("/ucfleet/v1/clock").then().statusCode(200).body("offset", equalTo("PT0S"));
        monitor().contentType("application/json").body("{\"offset\": \"P30D\"}").put("/ucfleet/v1/clock").then().statusCode(403);
        admin().contentType("application/json").body("{\"offset\": \"30 days\"}").put("/ucfleet/v1/clock").then()
                .statusCode(400).body("type", equalTo("urn:ucfleet:problem:invalid-request"))
                .body("detail", containsString("\"30 days\""));
        admin().get("/ucfleet/v1/clock").then().body("offset", equalTo("PT0S"));
        RestAssured.given().baseUri("https://127.0.0.1").port(https).relaxedHTTPSValidation().get("/ucfleet/v1/clock").then().statusCode(401);

        try {
            admin().contentType("application/json").body("{\"offset\": \"P30D\"}").put("/ucfleet/v1/clock").then()
                    .statusCode(200).body("offset", equalTo("PT720H"));
            admin().contentType("application/json").body("{}").post("/api/v1/identities/ipsec/regenerate").then().statusCode(200);
            String pem = admin().get("/api/v1/identities/ipsec").then().extract().path("pem");
            // openssl's own reading of the new certificate: it starts 30 days from the host's now
            String expected = DateTimeFormatter.ofPattern("MMM ppd", Locale.ROOT).withZone(ZoneOffset.UTC)
                    .format(Instant.now().plus(Duration.ofDays(30)));
            assertTrue(notBefore(pem).startsWith(expected), notBefore(pem) + " vs " + expected);

            // past the 5-year validity of the first-start identities: they are expired on this node
            admin().contentType("application/json").body("{\"offset\": \"P1840D\"}").put("/ucfleet/v1/clock").then().statusCode(200);
            admin().get("/api/v1/certificates?usage=identity&size=100").then().statusCode(200)
                    .body("items.find { it.unit == 'tomcat' }.expired", equalTo(true))
                    .body("items.find { it.unit == 'ipsec' }.expired", equalTo(false));
        } finally {
            admin().contentType("application/json").body("{\"offset\": \"PT0S\"}").put("/ucfleet/v1/clock").then().statusCode(200);
        }
        admin().get("/api/v1/certificates?usage=identity&size=100").then()
                .body("items.find { it.unit == 'tomcat' }.expired", equalTo(false));
    }

    @Test
    void aResetIsAFreshInstallNewIdentitiesOnHttpsAndNothingImportedOrPending() {
        String ca = TestCertificates.selfSignedCa("ucfleet reset test CA").pem();
        admin().contentType("application/x-pem-file").body(ca.getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/trust-stores/tomcat-trust/certificates").then().statusCode(201);
        admin().contentType("application/json").body("{}").post("/api/v1/identities/CallManager/csr").then().statusCode(201);
        String tomcatBefore = admin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        String servedBefore = Openssl.servedSerial(https, "ctl-pub.ucfleet.test");
        assertTrue((int) admin().get("/api/v1/certificates?unit=tomcat-trust&size=100").then().extract().path("total") > 2);
        monitor().post("/ucfleet/v1/reset").then().statusCode(403);

        List<String> created = admin().post("/ucfleet/v1/reset").then().statusCode(200)
                .body("node", equalTo("ctl-pub.ucfleet.test")).extract().path("identities");
        assertEquals(8, created.size(), "the publisher's whole identity set, made again: " + created);
        String tomcatAfter = admin().get("/api/v1/identities/tomcat").then().extract().path("fingerprints.sha256");
        assertNotEquals(tomcatBefore, tomcatAfter);
        String servedAfter = Openssl.servedSerial(https, "ctl-pub.ucfleet.test");
        assertNotEquals(servedBefore, servedAfter, "HTTPS presents the new tomcat");
        String tomcatSerial = admin().get("/api/v1/identities/tomcat").then().extract().path("serialNumber");
        assertEquals(tomcatSerial.replaceFirst("^0+", ""), servedAfter);
        admin().get("/api/v1/certificates?unit=tomcat-trust&size=100").then()
                .body("total", equalTo(2)) // a fresh publisher's tomcat-trust: its own tomcat and tomcat-ECDSA
                .body("items.sha256", org.hamcrest.Matchers.hasItem(tomcatAfter))
                .body("items.commonName", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("ucfleet reset test CA")));
        admin().get("/api/v1/identities/CallManager/csr").then().statusCode(404);
        admin().get("/api/v1/services").then().body("findAll { it.restartRequired }.size()", equalTo(0));
        admin().get("/api/v1/authz/keys").then().statusCode(200).body("signing.privateKeyHeld", equalTo(true));
    }

    @Test
    void httpFaultsAnswerTheirStatusWaitTheirLatencyFireAtTheirRateAndClear() throws Exception {
        monitor().contentType("application/json").body("{\"pathPrefix\": \"/api/v1/node\", \"status\": 503}")
                .post("/ucfleet/v1/faults/http").then().statusCode(403);
        admin().contentType("application/json").body("{\"pathPrefix\": \"/ucfleet/v1\", \"status\": 503}")
                .post("/ucfleet/v1/faults/http").then().statusCode(400).body("detail", containsString("cannot be faulted"));
        admin().contentType("application/json").body("{\"pathPrefix\": \"/api/v1/node\"}")
                .post("/ucfleet/v1/faults/http").then().statusCode(400).body("detail", containsString("\"status\", a \"latency\""));
        try {
            String certmgr = admin().contentType("application/json").body("{\"pathPrefix\": \"/platformcom/api/v1/certmgr\","
                    + " \"method\": \"get\", \"status\": 503}").post("/ucfleet/v1/faults/http").then().statusCode(201)
                    .body("method", equalTo("GET")).extract().path("id");
            // curl, as a renewal script would see it, over HTTPS: the status and a problem naming the fault
            Process curl = new ProcessBuilder("curl", "-sk", "-u", "administrator:" + NodeProcess.ADMIN_PASSWORD, "-w",
                    "\n%{http_code}", "https://127.0.0.1:" + https + "/platformcom/api/v1/certmgr/config/identity/certificates")
                    .redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            curl.waitFor();
            assertTrue(out.endsWith("\n503") && out.contains("urn:ucfleet:problem:injected-fault") && out.contains(certmgr), out);
            admin().get("/api/v1/certificates?usage=identity").then().statusCode(200);

            admin().contentType("application/json").body("{\"pathPrefix\": \"/api/v1/node\", \"latency\": \"PT1S\"}")
                    .post("/ucfleet/v1/faults/http").then().statusCode(201);
            long t0 = System.nanoTime();
            admin().get("/api/v1/node").then().statusCode(200).body("role", equalTo("publisher"));
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited >= 1000, "the latency: " + waited + " ms");

            String half = admin().contentType("application/json").body("{\"pathPrefix\": \"/api/v1/services\", \"status\": 500,"
                    + " \"probability\": 0.5}").post("/ucfleet/v1/faults/http").then().statusCode(201).extract().path("id");
            int failed = 0;
            for (int i = 0; i < 200; i++) {
                failed += admin().get("/api/v1/services").statusCode() == 500 ? 1 : 0;
            }
            assertTrue(failed > 60 && failed < 140, "about half of 200: " + failed);
            admin().get("/ucfleet/v1/faults/http").then().body("find { it.id == '" + half + "' }.hits", equalTo(failed));
        } finally {
            admin().delete("/ucfleet/v1/faults/http").then().statusCode(204);
        }
        admin().get("/ucfleet/v1/faults/http").then().body("size()", equalTo(0));
        admin().get("/api/v1/services").then().statusCode(200);
        admin().delete("/ucfleet/v1/faults/http/fault-999").then().statusCode(404);
    }

    @Test
    void scenariosMakeAnIdentityExpireInThirtyDaysAndAnExpiredCaInTomcatTrustAsOpensslJudgesThem() {
        admin().contentType("application/json").body("{\"days\": 30, \"units\": [\"nope\"]}").post("/ucfleet/v1/scenarios/expiring")
                .then().statusCode(404).body("type", equalTo("urn:ucfleet:problem:unknown-identity"));
        admin().contentType("application/json").body("{\"days\": 30, \"units\": [\"tomcat\"]}").post("/ucfleet/v1/scenarios/expiring")
                .then().statusCode(200).body("unit", equalTo(List.of("tomcat")));
        String pem = admin().get("/api/v1/identities/tomcat").then().extract().path("pem");
        long day = 86_400;
        assertEquals(0, Openssl.withInput(pem, "x509", "-noout", "-checkend", Long.toString(29 * day)).exitCode(),
                "still valid 29 days from now");
        assertEquals(1, Openssl.withInput(pem, "x509", "-noout", "-checkend", Long.toString(31 * day)).exitCode(),
                "expired 31 days from now");
        assertTrue(Openssl.withInput(pem, "x509", "-noout", "-text").out().contains("Public-Key: (2048 bit)"));

        String imported = admin().contentType("application/json").body("{\"commonName\": \"Old Lab Root\", \"daysAgo\": 3}")
                .post("/ucfleet/v1/scenarios/expired-trust").then().statusCode(201)
                .body("warnings.code", org.hamcrest.Matchers.hasItem("expired"))
                .extract().path("imported[0].sha256");
        String ca = admin().get("/api/v1/certificates/tomcat-trust/" + imported).then().statusCode(200)
                .body("expired", equalTo(true)).extract().path("pem");
        assertEquals(1, Openssl.withInput(ca, "x509", "-noout", "-checkend", "0").exitCode(), "openssl: expired");
        assertTrue(Openssl.withInput(ca, "x509", "-noout", "-subject").out().contains("Old Lab Root"));
    }
}
