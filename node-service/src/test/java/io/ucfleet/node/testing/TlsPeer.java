package io.ucfleet.node.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.ucfleet.fleet.process.ServiceProcess;

/** A peer on a loopback port: {@code openssl s_server}, or a socket that does what it is told on each accept. */
public final class TlsPeer implements AutoCloseable {
    public final int port;
    private final Process process;
    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();

    private TlsPeer(int port, Process process, ServerSocket server) {
        this.port = port;
        this.process = process;
        this.server = server;
    }

    /** s_server presenting {@code leaf}, and {@code chain} after it when given. */
    public static TlsPeer sServer(OpensslCa leaf, OpensslCa chain) throws Exception {
        int port = ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", leaf.certificate().toString(), "-key", leaf.key().toString()));
        if (chain != null) {
            command.addAll(List.of("-cert_chain", chain.certificate().toString()));
        }
        // stdin stays open: s_server ends when its input does
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new TlsPeer(port, process, null);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    process.destroyForcibly();
                    throw new AssertionError("openssl s_server did not listen on " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    public static TlsPeer raw(Consumer<Socket> onAccept) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        TlsPeer peer = new TlsPeer(server.getLocalPort(), null, server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    synchronized (peer.accepted) {
                        peer.accepted.add(socket);
                    }
                    Thread handler = new Thread(() -> onAccept.accept(socket), "import-tool-it-connection");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "import-tool-it-peer-" + peer.port);
        acceptor.setDaemon(true);
        acceptor.start();
        return peer;
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            process.destroy();
        }
        if (server != null) {
            server.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
