package io.ucfleet.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ucfleet.platform.testing.OverHttps;

/** cluster-sync answers the probe's raw requests as every service does (platform's HttpEdge and HttpGuard). */
@QuarkusTest
@QuarkusTestResource(SyncTestDatabase.class)
class EdgeTest {

    static String raw(String request) throws Exception {
        return io.ucfleet.fleet.process.RawHttp.exchange(RestAssured.port, request);
    }

    /** The administrator on the HTTPS API (this class's raw exchanges are on the plain port). */
    static io.restassured.specification.RequestSpecification admin() {
        return RestAssured.given().baseUri("https://127.0.0.1").port(OverHttps.sslPort()).relaxedHTTPSValidation().auth()
                .preemptive().basic("admin", "admin-password");
    }

    static void assertProblem(String answer, int status, String type) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
        assertTrue(!answer.toLowerCase().contains("\r\ncontent-length: 0\r\n"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"type\":\"urn:ucfleet:problem:" + type + "\""), answer);
    }

    @Test
    void anHttp2RequestLineAndABodyPastTheLimitAreProblems() throws Exception {
        String version = raw("GET /api/v1/sync HTTP/2.0\r\nHost: x\r\n\r\n");
        assertTrue(version.contains(" 400 ") && version.contains("application/problem+json"), version);
        String large = raw("PUT /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
        assertTrue(large.startsWith("HTTP/1.1 413 ") && large.contains("urn:ucfleet:problem:payload-too-large"), large);
    }

    /** What the HTTP codec refuses before any router (bench/http-campaign's bare 400/414/431): problems too. */
    @Test
    void whatTheCodecRefusesIsAProblem() throws Exception {
        raw("GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); // guards the port-0 server (HttpGuard)
        String line = raw("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertProblem(line, 414, "uri-too-long");
        assertTrue(line.contains("\"limit\":4096"), line);
        String headers = raw("GET /ucfleet/v1/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n");
        assertProblem(headers, 431, "headers-too-large");
        assertTrue(headers.contains("\"limit\":16384"), headers);
        assertProblem(raw("POST /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 2\r\n\r\n{}"),
                400, "invalid-request");
        for (String junk : new String[] {"GET /api/v1/node\r\n\r\n", "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n"}) {
            String answer = raw(junk);
            System.out.println("raw " + junk.substring(0, Math.min(30, junk.length())).replaceAll("\\s+", " ") + " -> "
                    + (answer.isEmpty() ? "closed" : answer.substring(0, answer.indexOf("\r"))));
            assertTrue(answer.isEmpty() || answer.toLowerCase().contains("content-type: application/problem+json"),
                    junk + " -> " + answer);
        }
    }

    static final String ADMIN = "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\n"; // admin:admin-password

    /**
     * A chunked body past the limit to the snapshot restore (no Content-Length for the edge to
     * refuse first; Jackson reads the body as a stream): 413 problem+json with the limit, at once,
     * not a 400 once the read timeout (10 s) gave up on a body nobody read; nothing restored.
     */
    @Test
    void aChunkedBodyPastTheLimitIsA413ProblemAtOnce() throws Exception {
        String before = admin().get("/ucfleet/v1/snapshot") // a routed request guards the port-0 test server (HttpGuard)
                .then().statusCode(200).extract().asString();
        // JSON Jackson stops reading early (nested past its depth limit), and a snapshot whose one string goes on and on
        for (String start : new String[] {"[", "{\"service\":\"cluster-sync\",\"tables\":{\"x\":\""}) {
            long started = System.nanoTime();
            String answer;
            try (Socket socket = OverHttps.tls()) { // the API is on HTTPS only (plain HTTP would redirect before the body)
                socket.setSoTimeout(20_000);
                var out = socket.getOutputStream();
                out.write(("PUT /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + ADMIN
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String filler = start.equals("[") ? "[" : "a";
                byte[] first = (Integer.toHexString(start.length()) + "\r\n" + start + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] chunk = ("10000\r\n" + filler.repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    out.write(first);
                    for (int i = 0; i < 80; i++) {
                        out.write(chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (java.io.IOException closed) {
                    // the server answered and closed while the body was still coming
                }
                answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.println("chunked 5 MiB snapshot " + start + "... -> " + seconds + " s: " + answer.replaceAll("\\s+", " "));
            assertProblem(answer, 413, "payload-too-large");
            assertTrue(answer.contains("\"limit\":4194304"), answer);
            assertTrue(seconds < 6, seconds + " s: " + answer);
        }
        String after = admin().get("/ucfleet/v1/snapshot")
                .then().statusCode(200).extract().asString();
        assertTrue(before.equals(after), "the snapshot changed: " + before + " -> " + after);
        // read whole, the body is still a snapshot: a small one that is not, 400 naming it; the one taken, restored
        admin().contentType("application/json")
                .body("[".repeat(5_000)).put("/ucfleet/v1/snapshot").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("snapshot"));
        admin().contentType("application/json")
                .body(before).put("/ucfleet/v1/snapshot").then().statusCode(204);
    }

    /**
     * A JSON endpoint whose body Jackson reads as a stream, sent 5 MiB of "[" chunked: Jackson gives
     * up at its nesting limit after a few KiB, Quarkus REST reads the rest to its end and drops it,
     * and the 400 follows at once (the connection kept alive, the body read whole). Measured: no
     * stall; the connection then waits for a next request until the idle timeout.
     */
    @Test
    void aJsonBodyJacksonGivesUpOnIsAnswered400AtOnce() throws Exception {
        // Vert.x lists no server on port 0 (the test profile's port) for the guard to find at startup: a routed request
        // guards the port from then on (fixed ports, as in production, are guarded when they listen)
        admin().get("/q/health/live").then().statusCode(200);
        try (Socket socket = OverHttps.tls()) { // the API is on HTTPS only (plain HTTP would redirect before the body)
            socket.setSoTimeout(20_000);
            var upload = io.ucfleet.fleet.process.RawHttp.chunked(socket, "PUT /ucfleet/v1/faults/replication-delay HTTP/1.1\r\n"
                    + "Host: x\r\nContent-Type: application/json\r\n" + ADMIN + "Transfer-Encoding: chunked\r\n", "", "[");
            System.out.println("chunked 5 MiB replication-delay -> " + upload);
            assertProblem(upload.answer(), 400, "invalid-request");
            assertTrue(upload.answered() > 0 && upload.answered() < 6, upload.toString());
        }
        admin().get("/ucfleet/v1/delivery").then().statusCode(200);
    }

    /** Half a request head, or nothing: answered 408 and closed within the bound (2 s in %test), not at the idle timeout. */
    @Test
    void aConnectionThatNeverCompletesARequestHeadIsAnswered408AndClosed() throws Exception {
        raw("GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); // guards the port-0 server (HttpGuard)
        for (String half : new String[] {"GET /ucfleet/v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: ", ""}) {
            long started = System.nanoTime();
            try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(half.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
                double seconds = (System.nanoTime() - started) / 1e9;
                assertTrue(seconds >= 1.5 && seconds < 6, seconds + " s: " + answer);
                assertProblem(answer, 408, "request-timeout");
            }
        }
    }

    /** What arrives until the server closes; a reset after an answer keeps what arrived before it. */
    static byte[] readAll(InputStream in) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // closed with unread input: what arrived is the answer
        }
        return out.toByteArray();
    }
}
