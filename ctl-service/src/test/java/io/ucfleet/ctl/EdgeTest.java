package io.ucfleet.ctl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ucfleet.platform.testing.OverHttps;

/**
 * ctl-service's two HTTP ports (the API and the phones' TFTP HTTP port) against the probe's raw
 * requests: an HTTP/2.0 request line is a 400 problem+json (it was Vert.x' bare 501), a body past
 * the one limit is a 413 problem+json (the decoder used to read 10 MB), what the codec refuses
 * itself is a problem too, and a connection that does not complete a request head is answered 408
 * problem+json and closed after the request-head timeout (2 s in the test profile, 10 s by default).
 */
@QuarkusTest
@QuarkusTestResource(CtlTestEnvironment.class)
class EdgeTest {

    static String raw(int port, String request) throws Exception {
        return io.ucfleet.fleet.process.RawHttp.exchange(port, request);
    }

    @Test
    void anHttp2RequestLineIsA400ProblemOnBothPorts() throws Exception {
        for (int port : List.of(RestAssured.port, CtlTestEnvironment.tftpHttpPort)) {
            String answer = raw(port, "GET /ITLFile.tlv HTTP/2.0\r\nHost: x\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.contains("application/problem+json")
                    && answer.contains("urn:ucfleet:problem:invalid-request"), port + ": " + answer);
        }
    }

    /** What the codec refuses itself (an over-long line, two Content-Lengths) is a problem on both ports (platform's HttpGuard). */
    @Test
    void whatTheCodecRefusesIsAProblemOnBothPorts() throws Exception {
        raw(RestAssured.port, "GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); // guards the port-0 API server
        for (int port : List.of(RestAssured.port, CtlTestEnvironment.tftpHttpPort)) {
            String line = raw(port, "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(line.startsWith("HTTP/1.1 414 ") && line.contains("application/problem+json")
                    && line.contains("urn:ucfleet:problem:uri-too-long"), port + ": " + line);
            String twice = raw(port, "GET /ITLFile.tlv HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
            assertTrue(twice.startsWith("HTTP/1.1 400 ") && twice.contains("application/problem+json")
                    && twice.contains("urn:ucfleet:problem:invalid-request"), port + ": " + twice);
        }
    }

    @Test
    void theDecoderTakesNoMoreThanTheOneBodyLimit() throws Exception {
        String answer = raw(RestAssured.port, "POST /api/v1/ctl/decode HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n"
                + "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413 ") && answer.contains("application/problem+json")
                && answer.contains("\"limit\":4194304"), answer);
    }

    @Test
    void idleConnectionsAreClosedOnBothPorts() throws Exception {
        raw(RestAssured.port, "GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); // guards the port-0 API server
        for (int port : List.of(RestAssured.port, CtlTestEnvironment.tftpHttpPort)) {
            List<Socket> slow = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket socket = new Socket("127.0.0.1", port);
                    socket.setSoTimeout(15_000);
                    socket.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: x\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                }
                for (Socket socket : slow) {
                    InputStream in = socket.getInputStream();
                    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
                    try {
                        int c;
                        while ((c = in.read()) >= 0) {
                            said.write(c); // what the server says before it closes
                        }
                    } catch (java.net.SocketException reset) {
                        // closed
                    }
                    String answer = said.toString(StandardCharsets.ISO_8859_1);
                    assertTrue(answer.startsWith("HTTP/1.1 408 ") && answer.contains("urn:ucfleet:problem:request-timeout"),
                            port + ": " + answer);
                }
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, port + ": idle connections lasted " + millis + " ms");
            System.out.printf("port %d: 5 idle connections closed after %d ms%n", port, millis);
        }
    }

    static final String ADMIN = "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\n"; // admin:admin-password

    /** The administrator on the HTTPS API (this class's other raw exchanges are on the plain port). */
    static io.restassured.specification.RequestSpecification admin() {
        return RestAssured.given().baseUri("https://127.0.0.1").port(OverHttps.sslPort()).relaxedHTTPSValidation().auth()
                .preemptive().basic("admin", "admin-password");
    }

    /**
     * A chunked body past 4 MiB to the snapshot restore, as 5 MiB of "[" (Jackson, reading the
     * body as a stream, gave up at its nesting limit: a 400 with the rest unread, the upload
     * stalled until the idle timeout) and as a snapshot whose string goes on: 413 problem+json with
     * the limit, at once; nothing restored. A small body that is no snapshot is a 400 naming it.
     */
    @Test
    void aChunkedSnapshotRestorePastTheLimitIsA413ProblemAtOnce() throws Exception {
        // a routed request guards the port-0 test server (platform's HttpGuard), as a fixed port is when it listens
        String before = admin().get("/ucfleet/v1/snapshot").then().statusCode(200).extract().asString();
        for (String[] body : new String[][] {{"", "["}, {"{\"service\":\"ctl-service\",\"tables\":{\"x\":\"", "a"}}) {
            try (Socket socket = OverHttps.tls()) { // the API is on HTTPS only (plain HTTP would redirect before the body)
                socket.setSoTimeout(20_000);
                var upload = io.ucfleet.fleet.process.RawHttp.chunked(socket, "PUT /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\n" + ADMIN + "Transfer-Encoding: chunked\r\n", body[0], body[1]);
                System.out.println("chunked 5 MiB snapshot " + body[0] + body[1] + "... -> " + upload);
                assertTrue(upload.answer().startsWith("HTTP/1.1 413 ") && upload.answer().contains("application/problem+json")
                        && upload.answer().contains("\"limit\":4194304"), upload.answer());
                assertTrue(upload.seconds() < 3, upload.seconds() + " s: " + upload.answer());
            }
        }
        String after = admin().get("/ucfleet/v1/snapshot")
                .then().statusCode(200).extract().asString();
        assertTrue(before.equals(after), "the snapshot changed");
        admin().contentType("application/json")
                .body("[".repeat(5_000)).put("/ucfleet/v1/snapshot").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("snapshot"));
    }

    /**
     * A chunked 5 MiB upload without credentials: refused 401 before its body is read. The answer
     * says {@code Connection: close} and the connection is closed after it, at once (platform's
     * HttpGuard); the upload used to stall on the unread body until the idle timeout (4 s in %test,
     * hence a bound of 3 s here).
     */
    @Test
    void anEarly401ToAChunkedBodyClosesTheConnectionAtOnce() throws Exception {
        RestAssured.given().baseUri("https://127.0.0.1").port(OverHttps.sslPort()).relaxedHTTPSValidation().get("/q/health/live")
                .then().statusCode(200); // guards the port-0 test server (HttpGuard)
        try (Socket socket = OverHttps.tls()) { // the API is on HTTPS only (plain HTTP would redirect before the body)
            socket.setSoTimeout(20_000);
            var upload = io.ucfleet.fleet.process.RawHttp.chunked(socket, "PUT /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "", "[");
            System.out.println("chunked 5 MiB snapshot without credentials -> " + upload);
            assertTrue(upload.answer().startsWith("HTTP/1.1 401 ") && upload.answer().contains("application/problem+json")
                    && upload.answer().toLowerCase().contains("\r\nconnection: close\r\n"), upload.answer());
            assertTrue(upload.seconds() < 3, upload.toString());
        }
    }
}
