package io.ucfleet.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** The edge's HTTPS-only mode on a real plain-HTTP Vert.x server: redirects without acting, health and metrics stay. */
class HttpsOnlyTest {
    static Vertx vertx;
    static HttpServer server;
    static final AtomicInteger handled = new AtomicInteger();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        HttpEdge.install(router, 1024, HttpEdge.HEAD_TIMEOUT, new HttpEdge.HttpsOnly(() -> 8443, HttpEdge.PLAIN_PATHS));
        router.route().handler(c -> {
            handled.incrementAndGet();
            c.response().end("done");
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .header("Authorization", "Basic YWRtaW5pc3RyYXRvcjpzZWNyZXQ=");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiOnPlainHttpIsRedirectedToTheSamePathOnHttpsForAnyMethodAndNothingIsDone() throws Exception {
        int before = handled.get();
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            HttpResponse<String> response = send(method, "/api/v1/trust-stores/tomcat-trust/certificates?confirm=true",
                    method.equals("GET") ? null : "{}");
            assertEquals(302, response.statusCode(), method);
            assertEquals("https://127.0.0.1:8443/api/v1/trust-stores/tomcat-trust/certificates?confirm=true",
                    response.headers().firstValue("Location").orElseThrow());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
            assertTrue(response.body().contains("urn:ucfleet:problem:https-required"), response.body());
            assertTrue(response.body().contains("\"location\":\"https://127.0.0.1:8443/api/v1/"), response.body());
        }
        assertEquals(before, handled.get(), "no handler ran");
    }

    @Test
    void healthAndMetricsStayOnPlainHttpAndOnlyThey() throws Exception {
        assertEquals(200, send("GET", "/q/health/ready", null).statusCode());
        assertEquals(200, send("GET", "/q/health", null).statusCode());
        assertEquals(200, send("GET", "/q/metrics", null).statusCode());
        assertEquals(302, send("GET", "/q/healthz", null).statusCode());
        assertEquals(302, send("GET", "/q/openapi", null).statusCode());
        assertEquals(302, send("GET", "/cmplatform/login", null).statusCode());
    }

    @Test
    void theLimitsAnswerFirstOnBothPorts() throws Exception {
        assertEquals(413, send("POST", "/api/v1/node", "x".repeat(2048)).statusCode());
    }

    @Test
    void aHostHeaderIsTakenOnlyWhenItIsAHost() {
        assertEquals("cucm-pub.ucfleet.local", HttpEdge.hostOf("cucm-pub.ucfleet.local:8080"));
        assertEquals("[::1]", HttpEdge.hostOf("[::1]:8080"));
        assertNull(HttpEdge.hostOf("evil.example/path"));
        assertNull(HttpEdge.hostOf("a b"));
        assertNull(HttpEdge.hostOf(""));
    }
}
