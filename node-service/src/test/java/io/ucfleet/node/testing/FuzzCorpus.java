package io.ucfleet.node.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The regression inputs kept under {@code src/test/resources/fuzz/<kind>/}: every finding of the
 * attacker's probe and every input a fuzz run ever broke a parser with, replayed on every build.
 * Inputs too large to keep as files are generated here.
 */
public final class FuzzCorpus {
    private FuzzCorpus() {
    }

    /** File name to bytes, in name order (platform's corpus reader, which node's own resources answer first). */
    public static Map<String, byte[]> load(String kind) {
        return io.ucfleet.platform.testing.Fuzzing.corpus(kind);
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
