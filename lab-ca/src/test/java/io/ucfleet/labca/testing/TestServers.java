package io.ucfleet.labca.testing;

import io.ucfleet.platform.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import com.sun.net.httpserver.HttpServer;

/**
 * The real and the misbehaving servers the verdict tests talk to, each on its own free port,
 * all closed by {@link #close()}: {@code openssl s_server} processes, a Java XMPP server that
 * speaks the STARTTLS preamble (RFC 6120 §5) and then TLS, a TCP port that answers plain text,
 * one that accepts and stalls, and an HTTP server of broken revocation sources.
 */
public final class TestServers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-server");
        t.setDaemon(true);
        return t;
    });
    private final List<HttpServer> http = new ArrayList<>();

    /** {@code openssl s_server -www} with the certificate, its key, and (optionally) the chain it sends. */
    public int sServer(Openssl o, String cert, String key, String chain) {
        int port = io.ucfleet.fleet.process.ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert,
                "-key", key, "-www", "-quiet"));
        if (chain != null) {
            command.addAll(List.of("-cert_chain", chain));
        }
        try {
            Process p = new ProcessBuilder(command).directory(o.dir().toFile()).redirectErrorStream(true)
                    .redirectOutput(o.dir().resolve("s_server-" + port + ".log").toFile()).start();
            processes.add(p);
            awaitListening(port, p, o.dir().resolve("s_server-" + port + ".log"));
            return port;
        } catch (IOException e) {
            throw new AssertionError("openssl s_server is required by the tests: " + e.getMessage(), e);
        }
    }

    private static void awaitListening(int port, Process p, Path log) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("openssl s_server exited: " + read(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new AssertionError("openssl s_server did not listen on " + port);
    }

    private static String read(Path log) {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ServerSocket listen() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            sockets.add(server);
            return server;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void serve(ServerSocket server, SocketHandler handler) {
        threads.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    threads.submit(() -> {
                        try (s) {
                            handler.handle(s);
                        } catch (Exception e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    interface SocketHandler {
        void handle(Socket s) throws Exception;
    }

    /** A port that answers every connection with plain text (an SMTP-like banner) and closes. */
    public int plainText() {
        ServerSocket server = listen();
        serve(server, s -> {
            s.getOutputStream().write("220 this port speaks no TLS\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getInputStream().read(new byte[512]);
        });
        return server.getLocalPort();
    }

    /** A port that accepts and then never writes a byte (reads and drops what it gets). */
    public int stalling() {
        ServerSocket server = listen();
        serve(server, s -> {
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // never answer
            }
        });
        return server.getLocalPort();
    }

    /**
     * An XMPP server (client-to-server or server-to-server by the stream namespace it is sent):
     * stream header, features with {@code <starttls/>} required, {@code <proceed/>}, then TLS with
     * the given key and chain.
     */
    public int xmpp(TestPki.Issued leaf, TestPki.Issued... chain) {
        SSLContext context;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] certificates = new Certificate[chain.length + 1];
            certificates[0] = leaf.certificate();
            for (int i = 0; i < chain.length; i++) {
                certificates[i + 1] = chain[i].certificate();
            }
            store.setKeyEntry("server", leaf.key().getPrivate(), "x".toCharArray(), certificates);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "x".toCharArray());
            context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ServerSocket server = listen();
        serve(server, s -> {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String header = readUntil(in, ">", "stream:stream");
            String ns = header.contains("jabber:server") ? "jabber:server" : "jabber:client";
            out.write(("<?xml version='1.0'?><stream:stream from='test' id='1' version='1.0' xmlns='" + ns
                    + "' xmlns:stream='http://etherx.jabber.org/streams'><stream:features><starttls"
                    + " xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            readUntil(in, "/>", "<starttls");
            out.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>".getBytes(StandardCharsets.UTF_8));
            out.flush();
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(s, new ByteArrayInputStream(new byte[0]), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            tls.getInputStream().read(new byte[64]);
        });
        return server.getLocalPort();
    }

    /** Reads until {@code end} occurs after {@code after}. */
    private static String readUntil(InputStream in, String end, String after) throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && text.length() < 65536) {
            text.append((char) b);
            int at = text.indexOf(after);
            if (at >= 0 && text.indexOf(end, at) >= 0) {
                return text.toString();
            }
        }
        throw new IOException("the client did not send " + after);
    }

    /**
     * Broken revocation sources: {@code /garbage} (200, random bytes), {@code /not-a-crl} (200,
     * text), {@code /huge.crl} (200, 100 MB streamed), {@code /stall} (never answers).
     */
    public int brokenRevocationSources() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(threads);
            server.createContext("/garbage", ex -> {
                byte[] body = new byte[700];
                new java.util.Random(7).nextBytes(body);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.createContext("/not-a-crl", ex -> {
                byte[] body = "this is not a CRL\n".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.createContext("/huge.crl", ex -> {
                ex.sendResponseHeaders(200, 0); // chunked: no length to refuse it by
                byte[] chunk = new byte[1 << 16];
                try (OutputStream out = ex.getResponseBody()) {
                    for (int i = 0; i < (100 << 20) / chunk.length; i++) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the client stopped reading, as it should
                }
            });
            server.createContext("/stall", ex -> {
                sleep(60_000);
                ex.close();
            });
            server.start();
            http.add(server);
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.forEach(h -> h.stop(0));
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        threads.shutdownNow();
    }
}
