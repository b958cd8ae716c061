package io.ucfleet.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * What the fuzz tests of platform and lab-ca share (platform's test-jar; as node-service's
 * FuzzCorpus): the regression inputs under {@code src/test/resources/fuzz/<kind>/}, replayed on every build, and
 * real inputs mutated the four ways that break length-prefixed formats (bytes changed, the tail
 * cut, bytes inserted, bytes removed), changed bytes the likeliest.
 */
public final class Fuzzing {
    /** Generous for one parse on a loaded 2-core machine; a parser that loops or backtracks breaks it. */
    public static final long MAX_MILLIS = 2_000;

    private Fuzzing() {
    }

    /** File name to bytes, in name order. */
    public static Map<String, byte[]> corpus(String kind) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            var url = Fuzzing.class.getResource("/fuzz/" + kind);
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

    /** An input that broke a parser, kept as target/fuzz-findings/<kind>-<hash>.der to be added to the corpus. */
    public static void keep(String kind, byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
            Files.write(dir.resolve(kind + "-" + Integer.toHexString(Arrays.hashCode(input)) + ".der"), input);
        } catch (IOException e) {
            // the failure is reported anyway
        }
    }

    /** The seeds with bytes changed, cut, inserted or removed; positions anywhere in the longest seed. */
    public static Arbitrary<byte[]> mutations(List<byte[]> seeds) {
        int longest = seeds.stream().mapToInt(b -> b.length).max().orElseThrow();
        Arbitrary<byte[]> base = Arbitraries.of(seeds);
        // uniform: jqwik's default leans to small values, which would only ever break the first bytes
        Arbitrary<Integer> at = Arbitraries.integers().between(0, longest).withDistribution(RandomDistribution.uniform());
        Arbitrary<byte[]> flipped = Combinators.combine(base, at.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6)).as((b, positions, values) -> {
                    byte[] copy = b.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i) % copy.length] = values.get(i);
                    }
                    return copy;
                });
        Arbitrary<byte[]> cut = Combinators.combine(base, at).as((b, n) -> Arrays.copyOf(b, n % (b.length + 1)));
        Arbitrary<byte[]> inserted = Combinators.combine(base, at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as((b, n, insert) -> {
                    int i = n % (b.length + 1);
                    byte[] out = new byte[b.length + insert.length];
                    System.arraycopy(b, 0, out, 0, i);
                    System.arraycopy(insert, 0, out, i, insert.length);
                    System.arraycopy(b, i, out, i + insert.length, b.length - i);
                    return out;
                });
        Arbitrary<byte[]> removed = Combinators.combine(base, at, Arbitraries.integers().between(1, 16)).as((b, n, count) -> {
            int i = n % b.length;
            int k = Math.min(count, b.length - i);
            byte[] out = new byte[b.length - k];
            System.arraycopy(b, 0, out, 0, i);
            System.arraycopy(b, i + k, out, i, b.length - i - k);
            return out;
        });
        // changed bytes weigh most: strict DER refuses nearly every cut, insertion and removal at the first length
        return Arbitraries.frequencyOf(Tuple.of(4, flipped), Tuple.of(1, cut), Tuple.of(1, inserted), Tuple.of(1, removed));
    }
}
