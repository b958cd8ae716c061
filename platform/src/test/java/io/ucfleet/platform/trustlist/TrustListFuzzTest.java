package io.ucfleet.platform.trustlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import io.ucfleet.platform.fuzz.Bounded;

/**
 * The CTL/ITL TLV reader (ctl-service's /decode and show, node-service's signer) given any bytes:
 * a parsed file or a {@link TrustListFormatException} naming the header or record, never another
 * exception. Inputs: random bytes, and the real Cisco CTL (and its broken copy) truncated, with
 * bytes changed, inserted or removed; the unsigned form too (what the signer is sent).
 */
class TrustListFuzzTest {
    static final byte[] REAL = read("cisco-tokenless-CTLFile.tlv");
    static final byte[] BROKEN = read("cisco-tokenless-CTLFile-broken-cert.tlv");

    static byte[] read(String name) {
        try (InputStream in = TrustListFuzzTest.class.getResourceAsStream("/fuzz/tlv/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("corpus /fuzz/tlv/" + name, e);
        }
    }

    static void parseBothWays(byte[] bytes) {
        Bounded.parseOrRefuse(TrustListFormatException.class, () -> TrustListFile.parse(bytes));
        for (int signature : List.of(64, 128, 256, 512)) {
            Bounded.parseOrRefuse(TrustListFormatException.class, () -> TrustListFile.parseUnsigned(bytes, signature));
        }
    }

    @Example
    void theRealFileParsesAndItsBrokenCopyIsRefusedByName() {
        TrustListFile file = TrustListFile.parse(REAL);
        assertNotNull(file.signatureElement());
        TrustListFile unsigned = TrustListFile.parseUnsigned(file.signedData(), file.signatureElement().length());
        assertEquals(file.records().size(), unsigned.records().size());
        parseBothWays(BROKEN);
        parseBothWays(new byte[0]);
        parseBothWays(null);
    }

    @Property
    void anyBytesParseOrAreRefusedByName(@ForAll @Size(max = 4096) byte[] bytes) {
        parseBothWays(bytes);
    }

    @Property
    void aMutatedRealFileParsesOrIsRefusedByName(@ForAll("mutations") byte[] bytes) {
        parseBothWays(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<byte[]> base = Arbitraries.of(REAL, BROKEN);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, REAL.length - 1);
        Arbitrary<Byte> value = Arbitraries.bytes();
        Arbitrary<byte[]> flipped = Combinators.combine(base, at.list().ofMaxSize(8), value.list().ofSize(8))
                .as((b, positions, values) -> {
                    byte[] copy = b.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[Math.min(positions.get(i), copy.length - 1)] = values.get(i);
                    }
                    return copy;
                });
        Arbitrary<byte[]> truncated = Combinators.combine(base, at).as((b, n) -> Arrays.copyOf(b, Math.min(n, b.length)));
        Arbitrary<byte[]> spliced = Combinators.combine(base, at, Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((b, n, insert) -> {
                    int cut = Math.min(n, b.length);
                    byte[] out = new byte[b.length + insert.length];
                    System.arraycopy(b, 0, out, 0, cut);
                    System.arraycopy(insert, 0, out, cut, insert.length);
                    System.arraycopy(b, cut, out, cut + insert.length, b.length - cut);
                    return out;
                });
        // A length field (16 bits) set to any value: the likeliest way to walk off the end.
        Arbitrary<byte[]> lengths = Combinators.combine(base, at, Arbitraries.integers().between(0, 0xFFFF))
                .as((b, n, length) -> {
                    byte[] copy = b.clone();
                    int i = Math.min(n, copy.length - 2);
                    copy[i] = (byte) (length.intValue() >> 8);
                    copy[i + 1] = (byte) length.intValue();
                    return copy;
                });
        return Arbitraries.oneOf(flipped, truncated, spliced, lengths);
    }
}
