package io.ucfleet.sync.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network between cluster-sync and one node, as the fault campaign controls it: a loopback
 * TCP proxy whose link is {@link Link#UP}, {@link Link#CUT} (every connection reset, new ones
 * reset at once: a peer that went away) or {@link Link#STALLED} (bytes stop moving both ways and
 * wait in the socket buffers, as behind a partition that drops packets; a client's own
 * timeouts decide what happens, and when the link comes back what was queued flows on).
 */
final class TcpProxy implements AutoCloseable {
    enum Link {
        UP, CUT, STALLED
    }

    private final ServerSocket server;
    private volatile int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final AtomicLong connections = new AtomicLong();
    private volatile Link link = Link.UP;
    private volatile boolean closed;

    TcpProxy(int targetPort) {
        this.target = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "proxy-" + server.getLocalPort() + "-to-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The URL of a proxied HTTPS port: TLS passes through, end to end. */
    String httpsUrl() {
        return "https://127.0.0.1:" + port();
    }

    long connections() {
        return connections.get();
    }

    Link link() {
        return link;
    }

    void set(Link newLink) {
        synchronized (lock) {
            link = newLink;
            lock.notifyAll();
        }
        if (newLink == Link.CUT) {
            open.forEach(TcpProxy::reset);
        }
    }

    /**
     * Connects new connections to {@code port} instead (another server answering at the node's
     * address: an impostor, then the node again); open ones are reset.
     */
    void retarget(int port) {
        target = port;
        open.forEach(TcpProxy::reset);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            if (link == Link.CUT) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
            } catch (IOException e) {
                reset(client); // the node is down: the client sees a reset, as with no proxy it would see a refusal
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    awaitFlowing();
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    awaitFlowing(); // read before a stall began: it waits with the rest
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a reset, or the other side went: close both below
            } finally {
                open.remove(from);
                open.remove(to);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private void awaitFlowing() throws InterruptedException, SocketException {
        synchronized (lock) {
            while (link == Link.STALLED && !closed) {
                lock.wait();
            }
            if (link == Link.CUT) {
                throw new SocketException("link cut");
            }
        }
    }

    /** Closes with SO_LINGER 0: the other side gets a reset, not an orderly end of stream. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing is all that matters
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        set(Link.CUT);
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
