package io.ucfleet.node.xmpp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.X509KeyManager;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SSLOptions;

/**
 * One XMPP port on the event loop: plain TCP until the client asks for STARTTLS, then TLS with
 * the key manager last {@link #present presented}. Bounded: connections per port, a deadline for
 * reaching TLS, an idle timeout after it, and the longest unfinished element kept.
 */
final class XmppListener {
    private static final Logger LOG = Logger.getLogger(XmppListener.class);
    private static final int MAX_PENDING = 8192;

    private final XmppPort port;
    private final String domain;
    private final Duration negotiationTimeout;
    private final int maxConnections;
    private final NetServer server;
    private final Vertx vertx;
    private final AtomicInteger open = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    XmppListener(Vertx vertx, XmppPort port, String domain, X509KeyManager keyManager, Duration negotiationTimeout,
            Duration idleTimeout, int maxConnections) {
        this.vertx = vertx;
        this.port = port;
        this.domain = domain;
        this.negotiationTimeout = negotiationTimeout;
        this.maxConnections = maxConnections;
        // ssl false: the connection starts in clear; the key material is there for upgradeToSsl
        this.server = vertx.createNetServer(new NetServerOptions().setSsl(false)
                .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
                .setSslHandshakeTimeout(negotiationTimeout.toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
        server.connectHandler(this::accept);
    }

    /** Binds; returns the port bound (a configured 0 picks a free one). */
    int listen(String host, int portNumber) throws Exception {
        return server.listen(portNumber, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    }

    /** Handshakes from now on present this key and chain; streams already in TLS keep theirs. */
    void present(X509KeyManager keyManager) throws Exception {
        SSLOptions options = new SSLOptions().setKeyCertOptions(KeyCertOptions.wrap(keyManager))
                .setSslHandshakeTimeout(negotiationTimeout.toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (!server.updateSSLOptions(options, true).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the XMPP " + port.description + " listener refused the new " + port.presents.unit
                    + " certificate");
        }
    }

    void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void accept(NetSocket socket) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            LOG.warnf("XMPP %s port: %d connections open, refusing %s", port.description, maxConnections, socket.remoteAddress());
            socket.close();
            return;
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        XmppNegotiation stream = new XmppNegotiation(port, domain, MAX_PENDING, HexFormat.of().formatHex(id));
        long deadline = vertx.setTimer(negotiationTimeout.toMillis(), t -> {
            if (!stream.secured()) {
                socket.close(); // a client that never gets to TLS does not hold a connection
            }
        });
        socket.closeHandler(v -> {
            open.decrementAndGet();
            vertx.cancelTimer(deadline);
        });
        socket.exceptionHandler(e -> socket.close());
        socket.handler(buffer -> {
            for (XmppNegotiation.Step step : stream.received(buffer.toString(StandardCharsets.ISO_8859_1))) {
                if (step instanceof XmppNegotiation.Send send) {
                    socket.write(send.text());
                } else if (step instanceof XmppNegotiation.StartTls start) {
                    socket.write(Buffer.buffer(start.proceed())).compose(v -> socket.upgradeToSsl())
                            .onSuccess(v -> stream.tlsEstablished()).onFailure(e -> socket.close());
                } else if (step instanceof XmppNegotiation.Close close) {
                    socket.end(Buffer.buffer(close.text())).onComplete(v -> socket.close());
                }
            }
        });
    }
}
