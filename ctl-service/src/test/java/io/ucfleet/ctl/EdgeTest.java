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
}
