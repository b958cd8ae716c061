package io.ucfleet.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** cluster-sync answers the probe's raw requests as every service does (platform's HttpEdge). */
@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
class EdgeTest {

    static String raw(String request) throws Exception {
        return io.ucfleet.fleet.process.RawHttp.exchange(RestAssured.port, request);
    }

    @Test
    void anHttp2RequestLineAndABodyPastTheLimitAreProblems() throws Exception {
        String version = raw("GET /api/v1/sync HTTP/2.0\r\nHost: x\r\n\r\n");
        assertTrue(version.contains(" 400 ") && version.contains("application/problem+json"), version);
        String large = raw("PUT /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
        assertTrue(large.startsWith("HTTP/1.1 413 ") && large.contains("urn:ucfleet:problem:payload-too-large"), large);
    }
}
