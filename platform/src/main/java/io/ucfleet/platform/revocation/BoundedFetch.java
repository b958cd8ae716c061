package io.ucfleet.platform.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import io.ucfleet.platform.tls.Deadline;

/**
 * One HTTP exchange with a revocation source, bounded in time and size: the request's timeout
 * covers the connection and the response head, a watchdog closes the body stream when the time
 * is up (a responder that trickles its body cannot hold the thread), and at most {@code maxBytes}
 * are read (a declared larger body is not read at all). Redirects are not followed.
 */
public final class BoundedFetch {
    private BoundedFetch() {
    }

    public enum Problem {
        TIMEOUT, UNREACHABLE, TOO_LARGE, HTTP_STATUS, IO
    }

    public static final class Failed extends Exception {
        public final Problem problem;
        public final long millis;

        Failed(Problem problem, String message, long millis) {
            super(message, null, false, false);
            this.problem = problem;
            this.millis = millis;
        }
    }

    public record Fetched(byte[] body, String contentType, long millis) {
    }

    public static Fetched fetch(HttpClient http, URI uri, byte[] post, String contentType, String accept, Duration timeout,
            long maxBytes, ScheduledExecutorService watchdog) throws Failed {
        long start = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept);
        if (post == null) {
            request.GET();
        } else {
            request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(post));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new Failed(Problem.TIMEOUT, "no connection within " + timeout.toMillis() + " ms", ms(start));
        } catch (HttpTimeoutException e) {
            throw new Failed(Problem.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", ms(start));
        } catch (ConnectException e) {
            throw new Failed(Problem.UNREACHABLE, "connection refused", ms(start));
        } catch (IOException e) {
            throw new Failed(Problem.UNREACHABLE, "no answer (" + (e.getMessage() == null ? "connection closed"
                    : e.getMessage()) + ")", ms(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(Problem.IO, "interrupted", ms(start));
        } catch (IllegalArgumentException e) {
            // the JDK client reads some headers unchecked: a Content-Length that is not a number throws this
            throw new Failed(Problem.IO, "the answer's head does not parse (" + e.getMessage() + ")", ms(start));
        }
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        try (InputStream body = response.body();
                AutoCloseable watch = Deadline.closeAfter(watchdog, left.isNegative() ? Duration.ofMillis(1) : left, body)) {
            if (response.statusCode() != 200) {
                throw new Failed(Problem.HTTP_STATUS, "HTTP " + response.statusCode(), ms(start));
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new Failed(Problem.TOO_LARGE, declared + " bytes declared, more than the " + maxBytes + " read",
                        ms(start));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new Failed(Problem.TOO_LARGE, "more than " + maxBytes + " bytes; not read further", ms(start));
                }
            }
            if (System.nanoTime() - start >= timeout.toNanos()) {
                throw new Failed(Problem.TIMEOUT, "the answer took more than " + timeout.toMillis() + " ms", ms(start));
            }
            return new Fetched(out.toByteArray(), response.headers().firstValue("Content-Type").orElse(""), ms(start));
        } catch (Failed e) {
            throw e;
        } catch (Exception e) { // IOException: the watchdog closed the body, or the server did
            boolean late = System.nanoTime() - start >= timeout.toNanos() - 5_000_000;
            throw new Failed(late ? Problem.TIMEOUT : Problem.IO, late ? "the answer took more than " + timeout.toMillis()
                    + " ms" : "the answer broke off (" + e.getMessage() + ")", ms(start));
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
