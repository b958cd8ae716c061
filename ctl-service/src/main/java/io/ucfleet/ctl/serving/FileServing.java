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

    private TftpServer tftp;
    private HttpServer http;

    void start(@Observes StartupEvent event) throws Exception {
        InetAddress host = InetAddress.getByName(config.tftpHost());
        tftp = new TftpServer(host, config.tftpPort(), this::file);
        http = vertx.createHttpServer().requestHandler(request -> {
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
        LOG.infof("TFTP HTTP on %s:%d", config.tftpHost(), http.actualPort());
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
