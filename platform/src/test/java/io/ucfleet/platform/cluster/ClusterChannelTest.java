package io.ucfleet.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The channel against a real HTTP server (the JDK's): credentials, and each answer typed by what to do about it. */
class ClusterChannelTest {
    private HttpServer server;
    private String url;
    private volatile String seenAuthorization;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seenAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
            byte[] body = status == 200 ? "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)
                    : ("{\"type\":\"urn:ucfleet:problem:x\",\"detail\":\"we say why\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTwoHundredIsJsonAndCarriesTheClusterAccount() {
        var channel = new ClusterChannel(List.of(" " + url + " ", ""), "cluster", "secret");
        assertEquals(List.of(url.substring(0, url.length() - 1)), channel.members());
        assertTrue(channel.json("GET", url, "/200", null, Duration.ofSeconds(5)).path("ok").asBoolean());
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("cluster:secret".getBytes(StandardCharsets.UTF_8)),
                seenAuthorization);
    }

    @ParameterizedTest
    @CsvSource({"400, REFUSED", "404, REFUSED", "409, REFUSED", "500, REFUSED", "401, MISCONFIGURED", "403, MISCONFIGURED",
            "502, UNAVAILABLE", "503, UNAVAILABLE", "504, UNAVAILABLE"})
    void anAnswerOtherThanTwoHundredIsTypedWithTheMembersProblem(int status, ClusterChannel.Failure failure) {
        var channel = new ClusterChannel(List.of(url), "cluster", "secret");
        var failed = assertThrows(ClusterChannel.CallFailed.class,
                () -> channel.json("PUT", url, "/" + status, Map.of("a", 1), Duration.ofSeconds(5)));
        assertEquals(failure, failed.failure);
        assertEquals(failure == ClusterChannel.Failure.UNAVAILABLE, failed.failure.retryable);
        assertEquals(status, failed.status);
        assertEquals("urn:ucfleet:problem:x", failed.problemType);
        assertEquals("we say why", failed.problemDetail);
    }

    @Test
    void aMemberThatIsNotThereIsUnavailableAndTheMessageIsOurs() {
        server.stop(0);
        var channel = new ClusterChannel(List.of(url), "cluster", "secret");
        var failed = assertThrows(ClusterChannel.CallFailed.class, () -> channel.send("GET", url, "/200", null, null,
                Duration.ofSeconds(2)));
        assertEquals(ClusterChannel.Failure.UNAVAILABLE, failed.failure);
        assertTrue(failed.failure.retryable);
        assertTrue(failed.getMessage().startsWith("cannot reach cluster member"), failed.getMessage());
        assertFalse(failed.getMessage().contains("Exception"), failed.getMessage());
    }

    @Test
    void aUrlThatIsNotOneIsAConfigurationError() {
        var channel = new ClusterChannel(List.of("http://a b"), "cluster", "secret");
        assertEquals(ClusterChannel.Failure.MISCONFIGURED, assertThrows(ClusterChannel.CallFailed.class,
                () -> channel.send("GET", "http://a b", "/x", null, null, Duration.ofSeconds(1))).failure);
    }
}
