package io.ucfleet.ctl.serving;

import java.net.InetAddress;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ucfleet.ctl.CtlConfig;
import io.ucfleet.ctl.trustlist.TrustListFiles;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Phones' side: the TFTP server (UDP, {@code ucfleet.ctl.tftp-port}) and the TFTP HTTP port
 * ({@code ucfleet.ctl.tftp-http-port}, 6970 as on CUCM) serve the same files, unauthenticated
 * as on a real TFTP server: they hold only public certificates.
 */
@ApplicationScoped
public class FileServing {
    private static final Logger LOG = Logger.getLogger(FileServing.class);

    @Inject
    TrustListFiles files;
    @Inject
    CtlConfig config;
    @Inject
    Vertx vertx;
    /** The API port's idle timeout, here too: an idle (slowloris) connection is closed. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "10S")
    java.time.Duration idleTimeout;

    static final String BAD_VERSION = problemJson(ProblemType.INVALID_REQUEST, "The request line names a protocol other"
            + " than HTTP/1.0 or HTTP/1.1.");

    private TftpServer tftp;
    private HttpServer http;

    void start(@Observes StartupEvent event) throws Exception {
        InetAddress host = InetAddress.getByName(config.tftpHost());
        tftp = new TftpServer(host, config.tftpPort(), this::file);
        // Quarkus turns Vert.x' WebSocket support off (vertx.disableWebsockets) when it starts its
        // HTTP server, but Vert.x reads the switch once, when its HTTP server class loads: this
        // server, made at startup, would load it first and leave it on, and with it on Vert.x answers
        // a request line such as "GET / HTTP/2.0" with a bare 501 before any handler (on both ports).
        // Neither port speaks WebSocket.
        if (System.getProperty("vertx.disableWebsockets") == null) {
            System.setProperty("vertx.disableWebsockets", "true");
        }
        io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions()
                .setIdleTimeout((int) Math.max(1, idleTimeout.toSeconds())).setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(4096);
        http = vertx.createHttpServer(options).requestHandler(request -> {
            if (request.version() == null) {
                request.response().setStatusCode(400).putHeader("Content-Type", ProblemBody.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(BAD_VERSION);
                return;
            }
            if (!"GET".equals(request.method().name()) && !"HEAD".equals(request.method().name())) {
                request.response().setStatusCode(405).end();
                return;
            }
            String path = request.path();
            vertx.<Optional<byte[]>>executeBlocking(() -> file(path)).onComplete(result -> {
                if (result.failed()) {
                    // ctl-service's database away (or any failure reading it): the file may exist, so not a 404;
                    // phones retry, and so may a script.
                    LOG.warnf("TFTP HTTP %s: cannot read the files (%s); answered 503", path, result.cause().toString());
                    request.response().setStatusCode(503).putHeader("Retry-After", "1")
                            .putHeader("Content-Type", "text/plain").end("Service unavailable; try again shortly\n");
                    return;
                }
                if (result.result().isEmpty()) {
                    request.response().setStatusCode(404).putHeader("Content-Type", "text/plain")
                            .end("File not found\n");
                    return;
                }
                byte[] bytes = result.result().get();
                request.response().putHeader("Content-Type", "application/octet-stream")
                        .putHeader("Content-Length", String.valueOf(bytes.length))
                        .end(io.vertx.core.buffer.Buffer.buffer(bytes));
            });
        }).listen(config.tftpHttpPort(), config.tftpHost()).toCompletionStage().toCompletableFuture().get();
        io.ucfleet.platform.http.HttpGuard.guardServers(vertx); // the request-head timeout, and problems for the codec's refusals
        LOG.infof("TFTP HTTP on %s:%d", config.tftpHost(), http.actualPort());
    }

    private static String problemJson(ProblemType type, String detail) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(ProblemBody.of(type, detail));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<byte[]> file(String name) {
        return files.file(name);
    }

    void stop(@Observes ShutdownEvent event) {
        if (tftp != null) {
            tftp.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
