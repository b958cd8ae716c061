package io.ucfleet.platform.revocation;

import io.ucfleet.platform.testing.Fuzzing;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;


/**
 * The HTTP exchange with a revocation source given any response bytes from the server: the body
 * (bounded), or a {@link BoundedFetch.Failed} with its problem and a sentence, never another
 * exception, within the timeout and a little. A real socket on loopback answers each request
 * with the bytes given, then closes; the client is the one {@link ClientVerdicts} builds (HTTP/1.1,
 * no redirects). Inputs: random bytes, and real responses (a CRL with a length, chunked, HTTP/1.0
 * to the close, a 404, a redirect, one too large) mutated, and the corpus {@code fuzz/http-response}.
 */
class BoundedFetchFuzzTest {
    static final Duration TIMEOUT = Duration.ofMillis(1_000);
    static final long MAX_BYTES = 4096;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER).build();
    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();
    static final AtomicReference<byte[]> NEXT = new AtomicReference<>(new byte[0]);
    static final ServerSocket SERVER = serve();

    static final byte[] CRL = RevocationAnswerFuzzTest.CRLS.get(0);
    static final List<byte[]> SEEDS = List.of(
            response("HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: " + CRL.length
                    + "\r\nConnection: close\r\n\r\n", CRL),
            // Connection: close, as the server closes after each answer: a kept-alive connection would be reused
            // by the next seed's POST (which the JDK client does not retry) and fail as "connection closed"
            response("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(CRL.length) + "\r\n", CRL, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
            response("HTTP/1.0 200 OK\r\nContent-Type: application/pkix-crl\r\n\r\n", CRL),
            response("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"),
            response("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/x.crl\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            response("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n", new byte[5000]));

    static final AtomicInteger TRIES = new AtomicInteger();
    static final AtomicInteger FETCHED = new AtomicInteger();

    static byte[] response(String head, byte[]... bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (byte[] b : bodies) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** Loopback server: reads a request's head (and a declared body), writes NEXT, closes. */
    static ServerSocket serve() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    Socket accepted;
                    try {
                        accepted = server.accept();
                    } catch (IOException e) {
                        continue; // closed at the end
                    }
                    // each connection its own thread, with the answer of its exchange: a client that gave up
                    // earlier never delays the next exchange past its timeout (CI saw a seed fail so)
                    byte[] answer = NEXT.get();
                    Thread c = new Thread(() -> {
                        try (Socket s = accepted) {
                            s.setSoTimeout(2_000);
                            readRequest(s.getInputStream());
                            OutputStream out = s.getOutputStream();
                            out.write(answer);
                            out.flush();
                            s.shutdownOutput();
                        } catch (IOException e) {
                            // the client gave up first
                        }
                    }, "fuzz-http-exchange");
                    c.setDaemon(true);
                    c.start();
                }
            }, "fuzz-http");
            t.setDaemon(true);
            t.start();
            return server;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
    }

    @AfterContainer
    static void stop() throws IOException {
        SERVER.close();
        WATCHDOG.shutdownNow();
    }

    /** One exchange answered with {@code response}; true when a body came back. */
    static boolean fetch(byte[] response, boolean post) {
        NEXT.set(response);
        long start = System.nanoTime();
        try {
            BoundedFetch.Fetched fetched = BoundedFetch.fetch(HTTP, URI.create("http://127.0.0.1:" + SERVER.getLocalPort() + "/x"),
                    post ? new byte[] { 0x30, 0x00 } : null, post ? "application/ocsp-request" : null, "*/*", TIMEOUT, MAX_BYTES,
                    WATCHDOG);
            assertNotNull(fetched.body());
            assertTrue(fetched.body().length <= MAX_BYTES, fetched.body().length + " bytes");
            return true;
        } catch (BoundedFetch.Failed refused) {
            assertNotNull(refused.problem);
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
            return false;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            Fuzzing.keep("http-response", response);
            fail("a response of " + response.length + " bytes threw " + e, e);
            return false;
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < TIMEOUT.toMillis() + Fuzzing.MAX_MILLIS, "the exchange took " + millis + " ms");
        }
    }

    @BeforeProperty
    void resetCounters() {
        TRIES.set(0);
        FETCHED.set(0);
    }

    @AfterProperty
    void mutationsReachedTheBody() {
        if (TRIES.get() >= 100) {
            assertTrue(FETCHED.get() * 20 >= TRIES.get(), FETCHED + " of " + TRIES + " mutated responses gave a body");
        }
    }

    @Example
    void theSeedsGiveABodyOrTheirProblem() {
        for (int i = 0; i < SEEDS.size(); i++) {
            assertTrue(fetch(SEEDS.get(i), i % 2 == 0) == (i < 3), "seed " + i);
        }
        Fuzzing.corpus("http-response").forEach((name, response) -> assertFalse(fetch(response, false), name));
    }

    @Property(tries = 300)
    void anyResponseBytesGiveABodyOrAProblem(@ForAll @Size(max = 2048) byte[] response) {
        fetch(response, false);
    }

    @Property(tries = 300)
    void aMutatedResponseGivesABodyOrAProblem(@ForAll("mutations") byte[] response, @ForAll boolean post) {
        TRIES.incrementAndGet();
        if (fetch(response, post)) {
            FETCHED.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Fuzzing.mutations(SEEDS);
    }
}
