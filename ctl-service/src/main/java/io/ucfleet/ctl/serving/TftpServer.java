package io.ucfleet.ctl.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * A read-only TFTP server (RFC 1350): read requests in octet mode, 512-byte DATA blocks, each
 * acknowledged before the next, from a fresh port per transfer (the server's transfer ID).
 * Option negotiation (RFC 2347) is not offered: clients that ask fall back to plain transfers,
 * as the RFC requires. Write requests are refused. Plain Java, no Quarkus.
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TftpServer.class);
    static final int RRQ = 1;
    static final int WRQ = 2;
    static final int DATA = 3;
    static final int ACK = 4;
    static final int ERROR = 5;
    static final int BLOCK = 512;
    static final int RETRIES = 5;
    static final int TIMEOUT_MS = 1000;

    private final DatagramSocket socket;
    private final Function<String, Optional<byte[]>> files;
    private final ExecutorService transfers = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "tftp-transfer");
        t.setDaemon(true);
        return t;
    });
    private final Thread listener;

    public TftpServer(InetAddress host, int port, Function<String, Optional<byte[]>> files) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(host, port));
        this.files = files;
        this.listener = new Thread(this::listen, "tftp-listener");
        listener.setDaemon(true);
        listener.start();
        LOG.infof("TFTP server on UDP %s:%d", host.getHostAddress(), socket.getLocalPort());
    }

    public int port() {
        return socket.getLocalPort();
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
            byte[] request = Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            transfers.submit(() -> serve(request, client));
        }
    }

    private void serve(byte[] request, SocketAddress client) {
        try (DatagramSocket transfer = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0))) {
            transfer.setSoTimeout(TIMEOUT_MS);
            if (request.length < 4 || request[0] != 0) {
                error(transfer, client, 4, "Illegal TFTP operation");
                return;
            }
            int opcode = request[1];
            if (opcode == WRQ) {
                error(transfer, client, 2, "Access violation: this server is read-only");
                return;
            }
            if (opcode != RRQ) {
                error(transfer, client, 4, "Illegal TFTP operation");
                return;
            }
            String[] fields = strings(request, 2);
            if (fields.length < 2) {
                error(transfer, client, 4, "Malformed read request");
                return;
            }
            String name = fields[0];
            if (!"octet".equals(fields[1].toLowerCase(Locale.ROOT))) {
                error(transfer, client, 0, "Only octet mode is served");
                return;
            }
            Optional<byte[]> file;
            try {
                file = files.apply(name);
            } catch (RuntimeException unreadable) {
                // Not "File not found": the file may exist; RFC 1350 error 0 with our sentence, and the cause in the log.
                LOG.warnf("TFTP %s asked for %s: cannot read the files (%s)", client, name, unreadable.toString());
                error(transfer, client, 0, "Service unavailable; try again shortly");
                return;
            }
            if (file.isEmpty()) {
                error(transfer, client, 1, "File not found");
                LOG.debugf("TFTP %s asked for %s: not found", client, name);
                return;
            }
            send(transfer, client, file.get());
            LOG.debugf("TFTP sent %s (%d bytes) to %s", name, file.get().length, client);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("TFTP transfer to %s failed: %s", client, e.getMessage());
        }
    }

    private static void send(DatagramSocket transfer, SocketAddress client, byte[] content) throws IOException {
        int blocks = content.length / BLOCK + 1; // a last block shorter than 512 (possibly empty) ends the transfer
        if (blocks > 0xFFFF) {
            error(transfer, client, 0, "File too large for TFTP without options");
            return;
        }
        byte[] ack = new byte[516];
        for (int block = 1; block <= blocks; block++) {
            int offset = (block - 1) * BLOCK;
            int length = Math.min(BLOCK, content.length - offset);
            byte[] data = new byte[4 + length];
            data[1] = DATA;
            data[2] = (byte) (block >> 8);
            data[3] = (byte) block;
            System.arraycopy(content, offset, data, 4, length);
            boolean acknowledged = false;
            for (int attempt = 0; attempt < RETRIES && !acknowledged; attempt++) {
                transfer.send(new DatagramPacket(data, data.length, client));
                long deadline = System.currentTimeMillis() + TIMEOUT_MS;
                while (System.currentTimeMillis() < deadline) {
                    DatagramPacket reply = new DatagramPacket(ack, ack.length);
                    try {
                        transfer.receive(reply);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (!reply.getSocketAddress().equals(client)) {
                        // RFC 1350: a packet from another TID gets an error, the transfer goes on.
                        error(transfer, reply.getSocketAddress(), 5, "Unknown transfer ID");
                        continue;
                    }
                    int op = ((ack[0] & 0xFF) << 8) | (ack[1] & 0xFF);
                    if (op == ERROR) {
                        return; // the client gave up
                    }
                    if (op == ACK && reply.getLength() >= 4 && (((ack[2] & 0xFF) << 8) | (ack[3] & 0xFF)) == block) {
                        acknowledged = true;
                        break;
                    }
                }
            }
            if (!acknowledged) {
                throw new IOException("no ACK for block " + block + " after " + RETRIES + " tries");
            }
        }
    }

    private static void error(DatagramSocket transfer, SocketAddress client, int code, String message)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ERROR);
        out.write(0);
        out.write(code);
        out.writeBytes(message.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        transfer.send(new DatagramPacket(out.toByteArray(), out.size(), client));
    }

    /** NUL-terminated strings from offset on: filename, mode, then any RFC 2347 options (ignored). */
    static String[] strings(byte[] packet, int offset) {
        return new String(packet, offset, packet.length - offset, StandardCharsets.US_ASCII).split("\0");
    }

    @Override
    public void close() {
        socket.close();
        transfers.shutdownNow();
    }
}
