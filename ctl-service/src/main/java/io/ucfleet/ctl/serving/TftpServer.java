package io.ucfleet.ctl.serving;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * A read-only TFTP server (RFC 1350): read requests in octet mode, DATA blocks each acknowledged
 * before the next, from a fresh port per transfer (the server's transfer ID), with the options of
 * RFC 2347 (an OACK first, DATA only after the client's ACK 0), 2348 ({@code blksize}) and 2349
 * ({@code timeout}, {@code tsize}). Write requests are refused. Plain Java, no Quarkus.
 * <p>
 * Hostile clients are bounded ({@link Limits}): at most {@code transfers} run at once and
 * {@code queued} wait, further requests are dropped unanswered (the client retransmits its request,
 * as RFC 1350 has it); one client address has at most {@code perClient} transfers at once, so
 * spoofed requests in a victim's name draw at most that many transfers towards it; the first block
 * (or the OACK) is sent {@code firstBlockTries} times, so a request nobody acknowledges holds a
 * transfer {@code firstBlockTries} timeouts and draws at most that many packets; later blocks, once
 * the client has answered, are retried {@code retries} times. Datagrams that are not requests get
 * no answer.
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TftpServer.class);
    static final int BLOCK = 512;

    /**
     * @param transfers       transfers served at once (threads)
     * @param queued          requests waiting for a transfer thread; beyond, requests are dropped
     * @param perClient       transfers at once for one client IP address
     * @param firstBlockTries sends of the first DATA block (or OACK) before giving up on a silent client
     * @param retries         sends of each later block
     * @param timeoutMillis   wait for an ACK before sending again (a client's {@code timeout} option overrides it)
     * @param maxBlock        largest {@code blksize} taken
     * @param maxTimeout      largest {@code timeout} option taken, in seconds
     */
    public record Limits(int transfers, int queued, int perClient, int firstBlockTries, int retries, int timeoutMillis,
            int maxBlock, int maxTimeout) {
        public static final Limits DEFAULT = new Limits(16, 16, 4, 2, 5, 1000, 1428, 3);
    }

    private final DatagramSocket socket;
    private final Function<String, Optional<byte[]>> files;
    private final Limits limits;
    private final ThreadPoolExecutor transfers;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread listener;

    public TftpServer(InetAddress host, int port, Function<String, Optional<byte[]>> files) throws SocketException {
        this(host, port, files, Limits.DEFAULT);
    }

    public TftpServer(InetAddress host, int port, Function<String, Optional<byte[]>> files, Limits limits)
            throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(host, port));
        this.files = files;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        this.transfers = new ThreadPoolExecutor(limits.transfers(), limits.transfers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.queued()), r -> {
                    Thread t = new Thread(r, "tftp-transfer-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.transfers.allowCoreThreadTimeOut(true);
        this.listener = new Thread(this::listen, "tftp-listener");
        listener.setDaemon(true);
        listener.start();
        LOG.infof("TFTP server on UDP %s:%d", host.getHostAddress(), socket.getLocalPort());
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Requests dropped because the queue or the client's share was full (since start). */
    public long dropped() {
        return dropped.get();
    }

    private void listen() {
        byte[] buffer = new byte[1024];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warnf("TFTP receive failed: %s", e.getMessage());
                }
                continue;
            }
            SocketAddress client = packet.getSocketAddress();
            TftpPacket.Parsed request = TftpPacket.parse(Arrays.copyOf(packet.getData(), packet.getLength()),
                    packet.getLength());
            if (request instanceof TftpPacket.Ignored ignored) {
                LOG.debugf("TFTP %s: ignored (%s)", client, ignored.why());
            } else if (request instanceof TftpPacket.Refusal refusal) {
                send(socket, client, TftpPacket.error(refusal.code(), refusal.message()));
            } else {
                admit((TftpPacket.ReadRequest) request, packet.getAddress(), client);
            }
        }
    }

    private void admit(TftpPacket.ReadRequest request, InetAddress address, SocketAddress client) {
        AtomicInteger share = perClient.computeIfAbsent(address, a -> new AtomicInteger());
        if (share.incrementAndGet() > limits.perClient()) {
            release(address, share);
            drop(client, request, "the client has " + limits.perClient() + " transfers running");
            return;
        }
        try {
            transfers.execute(() -> {
                try {
                    serve(request, client);
                } finally {
                    release(address, share);
                }
            });
        } catch (RejectedExecutionException full) {
            release(address, share);
            drop(client, request, "every transfer is busy and the queue is full");
        }
    }

    private void release(InetAddress address, AtomicInteger share) {
        if (share.decrementAndGet() <= 0) {
            perClient.remove(address, share);
        }
    }

    private void drop(SocketAddress client, TftpPacket.ReadRequest request, String why) {
        long count = dropped.incrementAndGet();
        // Unanswered on purpose: an answer would be one more packet towards a possibly spoofed address.
        if (count % 1000 == 1) {
            LOG.infof("TFTP dropped a request of %s for %s: %s (%d dropped since start)", client, request.fileName(),
                    why, count);
        } else {
            LOG.debugf("TFTP dropped a request of %s for %s: %s", client, request.fileName(), why);
        }
    }

    private void serve(TftpPacket.ReadRequest request, SocketAddress client) {
        try (DatagramSocket transfer = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0))) {
            Optional<byte[]> file;
            try {
                file = files.apply(request.fileName());
            } catch (RuntimeException unreadable) {
                // Not "File not found": the file may exist; RFC 1350 error 0 with our sentence, and the cause in the log.
                LOG.warnf("TFTP %s asked for %s: cannot read the files (%s)", client, request.fileName(),
                        unreadable.toString());
                send(transfer, client, TftpPacket.error(0, "Service unavailable; try again shortly"));
                return;
            }
            if (file.isEmpty()) {
                send(transfer, client, TftpPacket.error(1, "File not found"));
                LOG.debugf("TFTP %s asked for %s: not found", client, request.fileName());
                return;
            }
            byte[] content = file.get();
            TftpPacket.Negotiated options = TftpPacket.negotiate(request.options(), limits.maxBlock(), limits.maxTimeout(),
                    content.length);
            int timeout = options.timeoutSeconds() > 0 ? options.timeoutSeconds() * 1000 : limits.timeoutMillis();
            transfer.setSoTimeout(timeout);
            if (new Transfer(transfer, client, timeout).run(content, options)) {
                LOG.debugf("TFTP sent %s (%d bytes) to %s", request.fileName(), content.length, client);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("TFTP transfer to %s failed: %s", client, e.getMessage());
        }
    }

    /** One transfer: OACK or DATA block by block, each sent until acknowledged or its tries are spent. */
    private final class Transfer {
        private final DatagramSocket socket;
        private final SocketAddress client;
        private final int timeout;
        private final byte[] reply = new byte[516];

        Transfer(DatagramSocket socket, SocketAddress client, int timeout) {
            this.socket = socket;
            this.client = client;
            this.timeout = timeout;
        }

        /** True when the client acknowledged the last block. */
        boolean run(byte[] content, TftpPacket.Negotiated options) throws IOException {
            int size = options.blockSize();
            long blocks = content.length / size + 1L; // a last block shorter than the block size (possibly empty) ends it
            if (blocks > 0xFFFF) {
                send(socket, client, TftpPacket.error(0, "File too large for TFTP at this block size"));
                return false;
            }
            boolean answered = false;
            if (!options.acknowledged().isEmpty()) {
                if (!deliver(TftpPacket.oack(options.acknowledged()), 0, limits.firstBlockTries())) {
                    LOG.debugf("TFTP %s never acknowledged the OACK; gave up after %d tries", client,
                            limits.firstBlockTries());
                    return false;
                }
                answered = true;
            }
            for (int block = 1; block <= blocks; block++) {
                int offset = (block - 1) * size;
                int length = Math.min(size, content.length - offset);
                byte[] data = new byte[4 + length];
                data[1] = TftpPacket.DATA;
                data[2] = (byte) (block >> 8);
                data[3] = (byte) block;
                System.arraycopy(content, offset, data, 4, length);
                // Until the client has answered once, it may be a spoofed address: few tries.
                int tries = answered ? limits.retries() : limits.firstBlockTries();
                if (!deliver(data, block, tries)) {
                    LOG.debugf("TFTP %s: no ACK for block %d after %d tries; gave up", client, block, tries);
                    return false;
                }
                answered = true;
            }
            return true;
        }

        /** Sends until the ACK of {@code block} arrives; false after {@code tries} sends or an ERROR from the client. */
        private boolean deliver(byte[] packet, int block, int tries) throws IOException {
            for (int attempt = 0; attempt < tries; attempt++) {
                socket.send(new DatagramPacket(packet, packet.length, client));
                long deadline = System.nanoTime() + timeout * 1_000_000L;
                while (System.nanoTime() < deadline) {
                    DatagramPacket answer = new DatagramPacket(reply, reply.length);
                    socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    try {
                        socket.receive(answer);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (!answer.getSocketAddress().equals(client)) {
                        // RFC 1350: a packet from another TID gets an error, the transfer goes on.
                        send(socket, answer.getSocketAddress(), TftpPacket.error(5, "Unknown transfer ID"));
                        continue;
                    }
                    int op = answer.getLength() >= 2 ? ((reply[0] & 0xFF) << 8) | (reply[1] & 0xFF) : -1;
                    if (op == TftpPacket.ERROR) {
                        return false; // the client gave up (or refused our options)
                    }
                    if (op == TftpPacket.ACK && answer.getLength() >= 4
                            && (((reply[2] & 0xFF) << 8) | (reply[3] & 0xFF)) == (block & 0xFFFF)) {
                        return true;
                    }
                    // a duplicate ACK of the previous block: keep waiting (no resend, RFC 1123 Sorcerer's Apprentice)
                }
            }
            return false;
        }
    }

    private static void send(DatagramSocket from, SocketAddress to, byte[] packet) {
        try {
            from.send(new DatagramPacket(packet, packet.length, to));
        } catch (IOException e) {
            LOG.debugf("TFTP could not send to %s: %s", to, e.getMessage());
        }
    }

    @Override
    public void close() {
        socket.close();
        transfers.shutdownNow();
    }
}
