package io.ucfleet.ctl.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our TFTP server judged by curl's TFTP client: sizes around the 512-byte block, not found, uploads refused. */
class TftpServerTest {
    static TftpServer server;
    static final Map<String, byte[]> FILES = Map.of(
            "CTLFile.tlv", bytes(7166, 1),
            "exact.bin", bytes(1024, 2),
            "empty.bin", new byte[0],
            "big.bin", bytes(200_000, 3));

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TftpServer(InetAddress.getLoopbackAddress(), 0, name -> {
            if (name.equals("ITLFile.tlv")) {
                throw new IllegalStateException("database unavailable"); // as a PostgreSQL outage surfaces
            }
            return Optional.ofNullable(FILES.get(name));
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Curl(int exit, String output) {
    }

    static Curl curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Curl(p.waitFor(), out);
    }

    @Test
    void curlDownloadsEveryFileExactly() throws Exception {
        Path dir = Files.createTempDirectory("tftp");
        for (var file : FILES.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Curl result = curl("tftp://127.0.0.1:" + server.port() + "/" + file.getKey(), "-o", target.toString());
            assertEquals(0, result.exit(), file.getKey() + ": " + result.output());
            assertArrayEquals(file.getValue(), Files.readAllBytes(target), file.getKey());
        }
        // Without RFC 2347 options too (curl then sends a bare RFC 1350 request).
        Path plain = dir.resolve("plain");
        Curl result = curl("--tftp-no-options", "tftp://127.0.0.1:" + server.port() + "/CTLFile.tlv", "-o",
                plain.toString());
        assertEquals(0, result.exit(), result.output());
        assertArrayEquals(FILES.get("CTLFile.tlv"), Files.readAllBytes(plain));
    }

    @Test
    void unknownFilesAreNotFoundAndUploadsAreRefused() throws Exception {
        Curl missing = curl("tftp://127.0.0.1:" + server.port() + "/SEPXYZ.cnf.xml", "-o", "/dev/null");
        assertEquals(68, missing.exit(), missing.output());
        Path upload = Files.createTempFile("upload", ".tlv");
        Files.write(upload, new byte[] {1, 2, 3});
        Curl put = curl("-T", upload.toString(), "tftp://127.0.0.1:" + server.port() + "/CTLFile.tlv");
        assertTrue(put.exit() != 0, put.output());
    }

    /**
     * A store that cannot be read is not "File not found" (error 1, curl's exit 68): it is error 0
     * with our sentence (curl's exit 71), and nothing is sent.
     */
    @Test
    void aStoreThatCannotBeReadIsAnErrorOtherThanNotFound() throws Exception {
        Curl unreadable = curl("tftp://127.0.0.1:" + server.port() + "/ITLFile.tlv", "-o", "/dev/null");
        assertEquals(71, unreadable.exit(), unreadable.output());
    }
}
