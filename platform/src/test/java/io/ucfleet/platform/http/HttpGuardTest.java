package io.ucfleet.platform.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The guard on a plain Vert.x server, guarded at startup only ({@link HttpGuard#guardServers}, no
 * router to adopt connections): the first connection is already held to the head bound, and what
 * the codec refuses is a problem; a request whose head is complete is not cut while it is served.
 */
class HttpGuardTest {
    static Vertx vertx;
    static HttpServer server;
    /** Bodies of /body requests the handler received whole, and those that failed. */
    static final AtomicInteger wholeBodies = new AtomicInteger(), failedBodies = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        HttpGuard.configure(4L * 1024 * 1024, Duration.ofMillis(700));
        server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/body")) { // answers once the whole body is there, as a body reader does
                request.body().onSuccess(body -> {
                    wholeBodies.incrementAndGet();
                    request.response().putHeader("Content-Type", "text/plain").end("ok " + body.length());
                }).onFailure(e -> failedBodies.incrementAndGet());
                return;
            }
            if (request.path().equals("/early")) { // refuses at once, the body unread and paused (as a parser that gave up)
                request.pause();
                request.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json").end("{}");
                return;
            }
            long wait = request.path().equals("/slow") ? 2_500 : 1;
            vertx.setTimer(wait, t -> request.response().putHeader("Content-Type", "text/plain").end("ok"));
        }).listen(freePort(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpGuard.guardServers(vertx);
    }

    /** A fixed port, as services listen on: Vert.x shares (and so lists) only servers on a given port, not port 0. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    if (out.toString(StandardCharsets.ISO_8859_1).contains("ok") && !request.contains("Connection: close")) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // closed after the answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aHalfHeadIsAnswered408OnTheFirstConnection() throws Exception {
        long started = System.nanoTime();
        String answer = exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds > 0.5 && seconds < 2.1, seconds + " s");
        assertTrue(answer.startsWith("HTTP/1.1 408 ") && answer.contains("Content-Type: application/problem+json")
                && answer.contains("\"type\":\"urn:ucfleet:problem:request-timeout\"") && answer.contains("\"limit\":700"),
                answer);
    }

    @Test
    void whatTheCodecRefusesIsAProblem() throws Exception {
        String line = exchange("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(line.startsWith("HTTP/1.1 414 ") && line.contains("application/problem+json")
                && line.contains("uri-too-long") && line.contains("\"limit\":4096"), line);
        String twice = exchange("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        assertTrue(twice.startsWith("HTTP/1.1 400 ") && twice.contains("application/problem+json")
                && twice.contains("invalid-request") && twice.contains("connection: close"), twice);
        String head = exchange("HEAD / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9_000) + "\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 431 ") && !head.contains("{"), head); // HEAD: no body
    }

    /**
     * A malformed chunk in the middle of a chunked body (a size line that is no hexadecimal number,
     * a chunk's data not followed by CRLF): answered 400 problem+json naming it, then closed; the
     * handler never gets a whole body. Netty's decoder drops the rest of the input there, and
     * Vert.x closed without an answer.
     */
    @Test
    void aMalformedChunkMidBodyIsAnswered400AndClosed() throws Exception {
        String head = "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
        String[][] cases = {{"5\r\nhello\r\nZZ\r\nworld\r\n0\r\n\r\n", "not a hexadecimal number"},
            {"5\r\nhello\r\n3\r\nworldXX\r\n0\r\n\r\n", "not followed by CRLF"}};
        for (String[] c : cases) {
            try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
                socket.setSoTimeout(5_000);
                var out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(100); // the head first: the application has the request before the body breaks
                out.write(c[0].getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) { // to the end: a SocketTimeoutException fails the test (not closed)
                    answer.write(buffer, 0, n);
                }
                String text = answer.toString(StandardCharsets.UTF_8);
                assertTrue(text.startsWith("HTTP/1.1 400 ") && text.toLowerCase().contains("\r\ncontent-type: application/problem+json\r\n")
                        && text.toLowerCase().contains("\r\nconnection: close\r\n") && text.contains("\"type\":\"urn:ucfleet:problem:invalid-request\"")
                        && text.contains("The request's chunked body is malformed") && text.contains(c[1]), text);
            }
        }
        Thread.sleep(200);
        assertTrue(wholeBodies.get() == 0, wholeBodies.get() + " bodies reached the handler whole");
        assertTrue(failedBodies.get() == 2, failedBodies.get() + " failed bodies");
        String fine = exchange("POST /body HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertTrue(fine.startsWith("HTTP/1.1 200 ") && fine.endsWith("ok 5"), fine); // a well-formed one is served
    }

    @Test
    void aRequestWithItsHeadCompleteIsNotCut() throws Exception {
        long started = System.nanoTime();
        String answer = exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("ok"), answer);
        assertTrue((System.nanoTime() - started) / 1e9 > 2.4);
    }

    /**
     * An early 4xx while the body is still arriving (the application refused the request before
     * reading its body, and stopped reading): the answer says {@code Connection: close}, and the
     * connection is closed after it, at once (it stayed open, the upload stalled on the unread
     * body, until the idle timeout). An answer to a request whose body was read whole keeps the
     * connection alive.
     */
    @Test
    void anEarlyAnswerWhileTheBodyIsArrivingClosesTheConnection() throws Exception {
        for (String filler : new String[] {"[", "a"}) {
            long started = System.nanoTime();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            var watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
                // a write blocked on a server that stopped reading has no timeout (nor has this server an idle timeout)
                watchdog.schedule(() -> {
                    socket.close();
                    return null;
                }, 10, TimeUnit.SECONDS);
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                out.write("POST /early HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = ("10000\r\n" + filler.repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    for (int i = 0; i < 80; i++) {
                        out.write(chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException closed) {
                    // answered and closed while the body was still coming
                }
                byte[] buffer = new byte[8192];
                try {
                    InputStream in = socket.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        answer.write(buffer, 0, n);
                    }
                } catch (java.net.SocketException reset) {
                    // closed with unread input: what arrived is the answer (or the watchdog closed the stalled upload)
                }
            } finally {
                watchdog.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            System.out.println("early 400 to a chunked 5 MiB body of " + filler + " -> " + seconds + " s: " + text.replaceAll("\\s+", " "));
            assertTrue(text.startsWith("HTTP/1.1 400 ") && text.toLowerCase().contains("\r\nconnection: close\r\n"), text);
            assertTrue(seconds < 5, "closed after " + seconds + " s");
        }
        // the body read whole (Content-Length, in one write): kept alive, the next request is answered on the same connection
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(5_000);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]"
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                while (!text.toString(StandardCharsets.ISO_8859_1).endsWith("{}")) {
                    int c = in.read();
                    assertTrue(c >= 0, i + ": closed after " + text);
                    text.write(c);
                }
                String said = text.toString(StandardCharsets.ISO_8859_1);
                assertTrue(said.startsWith("HTTP/1.1 400 ") && !said.toLowerCase().contains("connection: close"), said);
            }
        }
    }
}
