package io.ucfleet.ctl.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacker's probe against the TFTP server, as figures: read requests nobody acknowledges
 * (from other addresses, or spoofed in a victim's name) neither make a phone wait nor draw more
 * than two blocks each towards their source; a well-behaved client (curl, and tftp-hpa when it is
 * installed) still gets every file exactly, with and without RFC 2347/2348 options.
 */
class TftpHostileClientsTest {
    static TftpServer server;
    static final byte[] CTL = TftpServerTest.bytes(7166, 1);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void start() throws Exception {
        server = new TftpServer(LOOPBACK, 0, name -> Optional.ofNullable(Map.of("CTLFile.tlv", CTL).get(name)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] rrq(String name, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(TftpPacket.RRQ);
        for (String field : concat(name, "octet", options)) {
            out.writeBytes(field.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    static List<String> concat(String a, String b, String... rest) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(List.of(rest));
        return all;
    }

    /** A socket on another loopback address (Linux routes 127/8 to lo): a client other than curl's 127.0.0.1. */
    static DatagramSocket attacker(int host) throws Exception {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0." + host), 0));
    }

    /** Everything that arrives within the window: what one request drew towards its source. */
    static int bytesReceived(DatagramSocket socket, long windowMillis) throws Exception {
        int total = 0;
        long end = System.currentTimeMillis() + windowMillis;
        byte[] buffer = new byte[2048];
        while (System.currentTimeMillis() < end) {
            socket.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                total += p.getLength();
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return total;
    }

    @Test
    void anUnacknowledgedRequestDrawsTwoBlocksAndAnOptionRequestOnlyItsOack() throws Exception {
        byte[] plain = rrq("CTLFile.tlv");
        try (DatagramSocket socket = attacker(2)) {
            socket.send(new DatagramPacket(plain, plain.length, LOOPBACK, server.port()));
            int drawn = bytesReceived(socket, 3_500);
            // Before: 5 x 516 = 2,580 bytes for a 20-byte request (129x). Now the first block goes twice.
            assertEquals(2 * 516, drawn);
            System.out.printf("TFTP amplification: a %d-byte request drew %d bytes (%.1fx)%n", plain.length, drawn,
                    (double) drawn / plain.length);
        }
        byte[] withOptions = rrq("CTLFile.tlv", "tsize", "0", "blksize", "1428");
        try (DatagramSocket socket = attacker(3)) {
            socket.send(new DatagramPacket(withOptions, withOptions.length, LOOPBACK, server.port()));
            int drawn = bytesReceived(socket, 3_500);
            int oack = TftpPacket.oack(Map.of("tsize", "7166", "blksize", "1428")).length;
            assertEquals(2 * oack, drawn, "with options only the OACK goes out before the client answers");
            System.out.printf("TFTP amplification with options: a %d-byte request drew %d bytes%n", withOptions.length,
                    drawn);
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareOfTransfers() throws Exception {
        byte[] request = rrq("CTLFile.tlv");
        try (DatagramSocket socket = attacker(4)) {
            for (int i = 0; i < 100; i++) {
                socket.send(new DatagramPacket(request, request.length, LOOPBACK, server.port()));
            }
            int drawn = bytesReceived(socket, 3_500);
            assertTrue(drawn <= TftpServer.Limits.DEFAULT.perClient() * 2 * 516, drawn + " bytes for 100 requests");
            System.out.printf("TFTP: 100 spoofable requests from one address drew %d bytes%n", drawn);
        }
    }

    @Test
    void sixteenSilentRequestsDoNotMakeAPhoneWait() throws Exception {
        List<DatagramSocket> silent = new ArrayList<>();
        try {
            byte[] request = rrq("CTLFile.tlv");
            // 16 other addresses: each within its share, together every transfer thread.
            for (int host = 10; host < 26; host++) {
                DatagramSocket socket = attacker(host);
                silent.add(socket);
                socket.send(new DatagramPacket(request, request.length, LOOPBACK, server.port()));
            }
            Thread.sleep(100);
            Path target = Files.createTempFile("ctl", ".tlv");
            long start = System.nanoTime();
            var curl = TftpServerTest.curl("tftp://127.0.0.1:" + server.port() + "/CTLFile.tlv", "-o", target.toString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, curl.exit(), curl.output());
            assertArrayEquals(CTL, Files.readAllBytes(target));
            // Before: 9.8 s (two rounds of 8 threads held 5 s each). Now a silent request frees its thread after 2 s.
            assertTrue(millis < 3_000, "the phone's fetch took " + millis + " ms");
            System.out.printf("TFTP: a fetch behind 16 silent requests took %d ms%n", millis);
        } finally {
            silent.forEach(DatagramSocket::close);
        }
    }

    @Test
    void strayPacketsOnTheServerPortGetNoAnswer() throws Exception {
        try (DatagramSocket socket = attacker(5)) {
            for (byte[] stray : List.of(new byte[] {0, 4, 0, 1}, new byte[] {0, 3, 0, 1, 42}, new byte[] {0, 5, 0, 0, 0},
                    new byte[] {0, 9}, new byte[] {1})) {
                socket.send(new DatagramPacket(stray, stray.length, LOOPBACK, server.port()));
            }
            assertEquals(0, bytesReceived(socket, 500));
        }
    }

    @Test
    void wellBehavedClientsGetTheFileWithAndWithoutOptions() throws Exception {
        Path dir = Files.createTempDirectory("tftp-options");
        for (List<String> flags : List.<List<String>>of(List.of(), List.of("--tftp-no-options"), List.of("--tftp-blksize", "1024"),
                List.of("--tftp-blksize", "8"), List.of("--tftp-blksize", "65464"))) {
            Path target = dir.resolve("ctl-" + String.join("", flags).replace("-", ""));
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("tftp://127.0.0.1:" + server.port() + "/CTLFile.tlv", "-o", target.toString()));
            var curl = TftpServerTest.curl(args.toArray(String[]::new));
            assertEquals(0, curl.exit(), flags + ": " + curl.output());
            assertArrayEquals(CTL, Files.readAllBytes(target), flags.toString());
        }
        Path tftp = Path.of("/usr/bin/tftp");
        if (Files.isExecutable(tftp)) { // Debian's tftp-hpa, when installed: a second, independent client
            Path target = dir.resolve("hpa.tlv");
            Process p = new ProcessBuilder(tftp.toString(), "-m", "binary", "127.0.0.1", String.valueOf(server.port()), "-c",
                    "get", "CTLFile.tlv", target.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertArrayEquals(CTL, Files.readAllBytes(target), out);
        }
    }
}
