package io.ucfleet.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The regression inputs kept under {@code src/test/resources/fuzz/<kind>/}: every finding of the
 * attacker's probe and every input a fuzz run ever broke a parser with, replayed on every build.
 * Inputs too large to keep as files are generated here.
 */
public final class FuzzCorpus {
    private FuzzCorpus() {
    }

    /** File name to bytes, in name order. */
    public static Map<String, byte[]> load(String kind) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            var url = FuzzCorpus.class.getResource("/fuzz/" + kind);
            if (url == null) {
                throw new IllegalStateException("no corpus /fuzz/" + kind + " on the test class path");
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                for (Path file : files.sorted().toList()) {
                    if (!file.getFileName().toString().equals("README.md")) {
                        out.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The JSON corpus with the probe's two large bodies: a 900 KB field name and a 900 KB string value. */
    public static Map<String, byte[]> json() {
        Map<String, byte[]> out = load("json");
        out.put("generated: key-900kb", ("{\"" + "k".repeat(900_000) + "\":1}").getBytes(StandardCharsets.US_ASCII));
        out.put("generated: value-900kb", ("{\"service\":\"" + "a".repeat(900_000) + "\",\"keyLength\":\""
                + "1".repeat(900_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
        return out;
    }
}
