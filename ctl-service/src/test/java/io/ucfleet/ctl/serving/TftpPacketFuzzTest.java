package io.ucfleet.ctl.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Any datagram on the TFTP port is a read request, a refusal to answer with, or nothing to answer,
 * at once and without an exception; any options negotiate to values the server can send with.
 * The corpus ({@code src/test/resources/fuzz/tftp}) is replayed first.
 */
class TftpPacketFuzzTest {

    static TftpPacket.Parsed parse(byte[] packet) {
        long start = System.nanoTime();
        TftpPacket.Parsed parsed = TftpPacket.parse(packet, packet.length);
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        assertNotNull(parsed);
        if (parsed instanceof TftpPacket.Refusal refusal) {
            assertTrue(refusal.code() >= 0 && refusal.code() <= 8 && !refusal.message().isBlank());
            assertTrue(TftpPacket.error(refusal.code(), refusal.message()).length < 128, "an error is never an amplifier");
        }
        if (parsed instanceof TftpPacket.ReadRequest request) {
            assertTrue(request.fileName().length() <= TftpPacket.MAX_FIELD && request.options().size() <= TftpPacket.MAX_OPTIONS);
            TftpPacket.Negotiated n = TftpPacket.negotiate(request.options(), 1428, 3, 7166);
            assertTrue(n.blockSize() >= 8 && n.blockSize() <= 1428 && n.timeoutSeconds() >= 0 && n.timeoutSeconds() <= 3);
        }
        return parsed;
    }

    @Example
    void theCorpusIsReadAsBefore() throws IOException {
        Path dir = Path.of("src/test/resources/fuzz/tftp");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                parse(Files.readAllBytes(file));
            }
        }
        assertEquals(new TftpPacket.ReadRequest("CTLFile.tlv", Map.of()), parse(Files.readAllBytes(dir.resolve("rrq-plain.bin"))));
        assertTrue(parse(Files.readAllBytes(dir.resolve("stray-ack.bin"))) instanceof TftpPacket.Ignored);
        assertEquals(TftpPacket.Negotiated.NONE.blockSize(), TftpPacket.negotiate(Map.of("timeout", "255"), 1428, 3, 1)
                .blockSize());
        assertTrue(TftpPacket.negotiate(Map.of("timeout", "255"), 1428, 3, 1).acknowledged().isEmpty(),
                "a timeout that would hold a transfer for minutes is not taken");
    }

    @Property
    void anyDatagramIsARequestARefusalOrNothing(@ForAll @Size(max = 600) byte[] packet) {
        parse(packet);
    }

    @Property
    void anyReadRequestShapedDatagramIsReadSafely(@ForAll("requests") byte[] packet) {
        parse(packet);
    }

    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("CTLFile.tlv", "octet", "OCTET", "netascii", "blksize",
                "tsize", "timeout", "0", "8", "65464", "65465", "-1", "99999999", ""), Arbitraries.strings().ofMaxLength(300));
        return Arbitraries.integers().between(0, 7).flatMap(op -> field.list().ofMaxSize(20).map(fields -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(0);
            out.write(op);
            for (String f : fields) {
                out.writeBytes(f.getBytes(StandardCharsets.ISO_8859_1));
                out.write(0);
            }
            return out.toByteArray();
        }));
    }

    @Property
    void anyOptionsNegotiateToSendableValues(@ForAll("options") Map<String, String> options) {
        TftpPacket.Negotiated n = TftpPacket.negotiate(options, 1428, 3, 7166);
        assertTrue(n.blockSize() >= 8 && n.blockSize() <= 1428);
        assertTrue(List.of("blksize", "timeout", "tsize").containsAll(n.acknowledged().keySet()));
    }

    @Provide
    Arbitrary<Map<String, String>> options() {
        return Arbitraries.maps(Arbitraries.of("blksize", "timeout", "tsize", "windowsize", "x"),
                Arbitraries.oneOf(Arbitraries.strings().numeric().ofMaxLength(12), Arbitraries.strings().ofMaxLength(8)));
    }
}
