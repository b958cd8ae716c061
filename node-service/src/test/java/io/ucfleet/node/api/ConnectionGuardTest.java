package io.ucfleet.node.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * platform's HttpGuard on a node, over real sockets: the request-head timeout (2 s in %test)
 * answers 408 problem+json on both ports, and cuts neither a long poll of the replication feed nor
 * a kept-alive connection waiting between requests (the 60 s idle timeout governs those); what the
 * codec refuses itself is a problem on the HTTPS port too.
 */
@QuarkusTest
class ConnectionGuardTest {
    static final String CLUSTER = "Authorization: Basic Y2x1c3RlcjpjbHVzdGVyLXBhc3N3b3Jk\r\n"; // cluster:cluster-password

    @Test
    void aLongPollLongerThanTheHeadBoundIsNotCut() throws Exception {
        try (Socket socket = tls()) { // the API is on HTTPS only
            socket.setSoTimeout(20_000);
            long started = System.nanoTime();
            send(socket, "GET /api/v1/replication/changes?after=999999999&waitMillis=5000 HTTP/1.1\r\nHost: x\r\n" + CLUSTER
                    + "\r\n");
            String answer = readResponse(socket.getInputStream());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(seconds > 4.5, "the long poll waited " + seconds + " s");
        }
    }

    @Test
    void aKeptAliveConnectionWaitingBetweenRequestsIsNotCut() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            for (int i = 0; i < 2; i++) {
                send(socket, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
                String answer = readResponse(socket.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 200 "), i + ": " + answer);
                Thread.sleep(3_500); // longer than the head bound, shorter than the idle timeout
            }
        }
    }

    @Test
    void halfARequestHeadIsAnswered408WithinTheBoundOnBothPorts() throws Exception {
        for (boolean tls : new boolean[] {false, true}) {
            // Vert.x lists no server on port 0 (the test profile's ports) for the guard to find at startup: a routed
            // request guards the port from then on (fixed ports, as in production, are guarded when they listen)
            try (Socket warm = tls ? tls() : new Socket("127.0.0.1", RestAssured.port)) {
                send(warm, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
                readResponse(warm.getInputStream());
            }
            try (Socket socket = tls ? tls() : new Socket("127.0.0.1", RestAssured.port)) {
                socket.setSoTimeout(20_000);
                long started = System.nanoTime();
                send(socket, "GET /api/v1/node HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                String answer = readAll(socket.getInputStream());
                double seconds = (System.nanoTime() - started) / 1e9;
                assertTrue(seconds < 6, (tls ? "https" : "http") + ": closed after " + seconds + " s");
                assertTrue(answer.startsWith("HTTP/1.1 408 ") && answer.contains("Content-Type: application/problem+json")
                        && answer.contains("urn:ucfleet:problem:request-timeout"), answer);
            }
        }
    }

    @Test
    void whatTheCodecRefusesIsAProblemOverTlsToo() throws Exception {
        try (Socket warm = tls()) { // see above: a routed request guards a port-0 server
            send(warm, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            readResponse(warm.getInputStream());
        }
        try (Socket socket = tls()) {
            socket.setSoTimeout(20_000);
            send(socket, "GET /api/v1/node HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n");
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 431 ") && answer.contains("application/problem+json")
                    && answer.contains("\"limit\":16384"), answer);
        }
        try (Socket socket = tls()) {
            socket.setSoTimeout(20_000);
            send(socket, "POST /api/v1/replication/changes HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 2\r\n\r\n");
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.contains("application/problem+json")
                    && answer.contains("Content-Length"), answer);
        }
    }

    /** A chunked body past 4 MiB (no Content-Length for the edge to refuse it by): a 4xx problem, whoever refuses it. */
    @Test
    void aChunkedBodyPastTheLimitIsAProblem() throws Exception {
        try (Socket socket = tls()) { // the API is on HTTPS only
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/trust-stores/tomcat-trust/certificates HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\nContent-Type: application/x-pem-file\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("10000\r\n" + "A".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 80; i++) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closed) {
                // answered and closed while the body was still coming
            }
            String answer = readAll(socket.getInputStream());
            System.out.println("chunked 5 MiB -> " + answer.replaceAll("\\s+", " "));
            assertTrue(answer.startsWith("HTTP/1.1 413 ") && answer.contains("application/problem+json")
                    && answer.contains("urn:ucfleet:problem:payload-too-large"), answer);
        }
    }

    /**
     * A malformed chunk in the middle of a chunked upload over TLS: 400 problem+json naming it,
     * then closed (the decoder drops the rest of the input there; Vert.x closed without a word),
     * and nothing is added to the trust store.
     */
    @Test
    void aMalformedChunkMidBodyIsA400ProblemOverTls() throws Exception {
        try (Socket warm = tls()) { // see above: a routed request guards a port-0 server
            send(warm, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            readResponse(warm.getInputStream());
        }
        String store = "/api/v1/trust-stores/tomcat-trust/certificates";
        String before = RestAssured.given().relaxedHTTPSValidation().baseUri("https://127.0.0.1").port(tlsPort())
                .auth().preemptive().basic("admin", "admin-password").get("/api/v1/trust-stores").then().statusCode(200).extract().asString();
        try (Socket socket = tls()) {
            socket.setSoTimeout(10_000);
            send(socket, "POST " + store + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\nContent-Type: application/x-pem-file\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            Thread.sleep(200); // the head first: the upload has begun when its body breaks
            send(socket, "1b\r\n-----BEGIN CERTIFICATE-----\n\r\nZZ\r\nMIIB\r\n0\r\n\r\n");
            long started = System.nanoTime();
            String answer = readAll(socket.getInputStream()); // to the close (or the 10 s socket timeout)
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < 5, "not closed after the answer: " + seconds + " s: " + answer);
            assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.toLowerCase().contains("content-type: application/problem+json")
                    && answer.contains("urn:ucfleet:problem:invalid-request")
                    && answer.contains("The request's chunked body is malformed"), answer);
        }
        String after = RestAssured.given().relaxedHTTPSValidation().baseUri("https://127.0.0.1").port(tlsPort())
                .auth().preemptive().basic("admin", "admin-password").get("/api/v1/trust-stores").then().statusCode(200).extract().asString();
        assertTrue(before.equals(after), "the trust store changed: " + before + " -> " + after);
    }

    static final String ADMIN = "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=\r\n"; // admin:admin-password

    static io.restassured.specification.RequestSpecification admin() {
        return RestAssured.given().relaxedHTTPSValidation().baseUri("https://127.0.0.1").port(tlsPort()).auth().preemptive()
                .basic("admin", "admin-password");
    }

    /**
     * A chunked body past 4 MiB to the snapshot restore over TLS, as 5 MiB of "[" (Jackson, reading
     * the body as a stream, gave up at its nesting limit after a few KiB: a 400 with the rest
     * unread and the upload stalled until the idle timeout) and as a snapshot whose string goes on:
     * 413 problem+json with the limit, at once; nothing restored. A small body that is no snapshot
     * is a 400 naming it, and the snapshot taken still restores.
     */
    @Test
    void aChunkedSnapshotRestorePastTheLimitIsA413ProblemAtOnce() throws Exception {
        String before = admin().get("/ucfleet/v1/snapshot").then().statusCode(200).extract().asString();
        for (String[] body : new String[][] {{"", "["}, {"{\"service\":\"node-service\",\"tables\":{\"x\":\"", "a"}}) {
            try (Socket socket = tls()) {
                socket.setSoTimeout(20_000);
                var upload = io.ucfleet.fleet.process.RawHttp.chunked(socket, "PUT /ucfleet/v1/snapshot HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\n" + ADMIN + "Transfer-Encoding: chunked\r\n", body[0], body[1]);
                System.out.println("chunked 5 MiB snapshot " + body[0] + body[1] + "... over TLS -> " + upload);
                assertTrue(upload.answer().startsWith("HTTP/1.1 413 ") && upload.answer().contains("application/problem+json")
                        && upload.answer().contains("\"limit\":4194304"), upload.answer());
                assertTrue(upload.seconds() < 6, upload.seconds() + " s: " + upload.answer());
            }
        }
        String after = admin().get("/ucfleet/v1/snapshot").then().statusCode(200).extract().asString();
        assertTrue(before.equals(after), "the snapshot changed");
        admin().contentType("application/json").body("[".repeat(5_000)).put("/ucfleet/v1/snapshot").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("snapshot"));
        admin().contentType("application/json").body(before).put("/ucfleet/v1/snapshot").then().statusCode(204);
    }

    /**
     * A JSON endpoint whose body Jackson reads as a stream (a regeneration's parameters), sent 5 MiB
     * of "[" chunked over TLS: Jackson gives up after a few KiB, Quarkus REST reads the rest to its
     * end and drops it, and the 400 follows at once (the connection kept alive, as the body was
     * read whole); tomcat is not regenerated. Measured: no stall.
     */
    @Test
    void aJsonBodyJacksonGivesUpOnIsAnswered400AtOnceOverTls() throws Exception {
        try (Socket warm = tls()) { // see above: a routed request guards a port-0 server
            send(warm, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            readResponse(warm.getInputStream());
        }
        String tomcat = admin().get("/api/v1/identities/tomcat").then().statusCode(200).extract().asString();
        try (Socket socket = tls()) {
            socket.setSoTimeout(20_000);
            var upload = io.ucfleet.fleet.process.RawHttp.chunked(socket, "POST /api/v1/identities/tomcat/regenerate HTTP/1.1\r\n"
                    + "Host: x\r\nContent-Type: application/json\r\n" + ADMIN + "Transfer-Encoding: chunked\r\n", "", "[");
            System.out.println("chunked 5 MiB regenerate over TLS -> " + upload);
            assertTrue(upload.answer().startsWith("HTTP/1.1 400 ") && upload.answer().contains("application/problem+json"),
                    upload.answer());
            assertTrue(upload.answered() > 0 && upload.answered() < 6, upload.toString());
        }
        assertTrue(tomcat.equals(admin().get("/api/v1/identities/tomcat").then().statusCode(200).extract().asString()),
                "tomcat changed");
    }

    static int tlsPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    }

    static Socket tls() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One response with a Content-Length, from a connection that stays open. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(c);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return text + new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException closed) {
            // a reset after the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
