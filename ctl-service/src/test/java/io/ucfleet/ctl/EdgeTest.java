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
 * the one limit is a 413 problem+json (the decoder used to read 10 MB), and idle connections are
 * closed after the idle timeout (2 s in the test profile, 10 s by default).
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
            assertTrue(answer.contains(" 400 ") && answer.contains("application/problem+json")
                    && answer.contains("urn:ucfleet:problem:invalid-request"), port + ": " + answer);
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
                    try {
                        while (in.read() >= 0) {
                            // whatever the server says before it closes
                        }
                    } catch (java.net.SocketException reset) {
                        // closed
                    }
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
