package io.ucfleet.node.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import io.ucfleet.node.testing.FuzzCorpus;

/**
 * The XMPP ports' stream negotiation given any bytes, in any chunks: it sends our stream header
 * and features, proceeds to TLS, or closes with an RFC 6120 stream error or STARTTLS failure;
 * never another exception (which would leave the connection open and silent), never more than
 * its 8 KiB bound kept between reads, within 2 s for a whole connection. Inputs: random chunks;
 * the opening openssl and Jabber clients send, mutated and split at random points, with a
 * restarted stream and a stanza after TLS; elements far past the bound in chunks up to 64 KiB
 * (what one Netty read may deliver); and the corpus {@code fuzz/xmpp}.
 */
class XmppNegotiationFuzzTest {
    static final int MAX_PENDING = 8192;
    static final String DECLARATION = "<?xml version='1.0'?>";
    static final String HEADER = "<stream:stream to='example.com' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
    static final String STARTTLS = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    static final String OPENING = DECLARATION + HEADER + STARTTLS;
    static final String AFTER_TLS = HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>";

    /**
     * Tries of a property, and how many reached what it aims at ({@code <proceed/>} for mutations,
     * the bound's policy-violation for oversized elements): inputs must not all fail at the first byte.
     */
    static final AtomicInteger TRIES = new AtomicInteger();
    static final AtomicInteger REACHED = new AtomicInteger();
    static final AtomicInteger BOUND_CLOSES = new AtomicInteger();

    /** One connection: the chunks before TLS, then (if it proceeded) those after; every step checked. True if it proceeded. */
    static boolean negotiate(XmppPort port, List<String> beforeTls, List<String> afterTls) {
        XmppNegotiation stream = new XmppNegotiation(port, "example.com", MAX_PENDING, "fuzz");
        long start = System.nanoTime();
        boolean proceeded = false;
        boolean closed = false;
        try {
            for (List<String> phase : List.of(beforeTls, afterTls)) {
                for (String chunk : phase) {
                    List<XmppNegotiation.Step> steps = stream.received(chunk);
                    if (closed || (proceeded && !stream.secured())) {
                        assertEquals(List.of(), steps, "steps after the stream closed or while TLS starts");
                    }
                    for (XmppNegotiation.Step step : steps) {
                        assertTrue(!closed, "a step after the close: " + step);
                        check(step);
                        closed |= step instanceof XmppNegotiation.Close;
                        proceeded |= step instanceof XmppNegotiation.StartTls;
                    }
                    assertTrue(stream.pendingLength() <= MAX_PENDING, stream.pendingLength() + " characters kept");
                }
                if (!proceeded || closed) {
                    break;
                }
                stream.tlsEstablished();
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("the negotiation threw " + e, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "the connection took " + millis + " ms");
        return proceeded;
    }

    /** Each step is what RFC 6120 lets the server write: the header and features, {@code <proceed/>}, or an error that closes. */
    static void check(XmppNegotiation.Step step) {
        assertNotNull(step);
        if (step instanceof XmppNegotiation.Send send) {
            assertTrue(send.text().endsWith("</stream:features>") || send.text().endsWith("<stream:features/>"), send.text());
        } else if (step instanceof XmppNegotiation.StartTls start) {
            assertEquals("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", start.proceed());
        } else if (step instanceof XmppNegotiation.Close close) {
            String text = close.text();
            if (text.contains("an element longer than " + MAX_PENDING + " characters")) {
                BOUND_CLOSES.incrementAndGet();
            }
            assertTrue(text.endsWith("</stream:stream>"), text);
            assertTrue(text.contains("<stream:error><") || text.startsWith("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
                    || text.endsWith("'en'></stream:stream>") || text.equals("</stream:stream>"), text);
            // the client's input is quoted only escaped: no markup of its own in our answer
            int errorText = text.indexOf("<text ");
            if (errorText >= 0) {
                String quoted = text.substring(text.indexOf('>', errorText) + 1, text.indexOf("</text>", errorText));
                assertTrue(quoted.indexOf('<') < 0 && quoted.indexOf('>') < 0, quoted);
            }
        } else {
            fail("an unknown step " + step);
        }
    }

    /** {@code text} cut at the given points (any order, any repeats), as reads deliver it. */
    static List<String> split(String text, List<Integer> cuts) {
        List<Integer> points = new ArrayList<>();
        for (int c : cuts) {
            points.add(Math.floorMod(c, text.length() + 1));
        }
        points.sort(null);
        List<String> chunks = new ArrayList<>();
        int from = 0;
        for (int p : points) {
            chunks.add(text.substring(from, p));
            from = p;
        }
        chunks.add(text.substring(from));
        return chunks;
    }

    @BeforeProperty
    void resetCounters() {
        TRIES.set(0);
        REACHED.set(0);
    }

    @AfterProperty
    void triesReachedTheirAim() {
        if (TRIES.get() >= 100) {
            assertTrue(REACHED.get() * 20 >= TRIES.get(), REACHED + " of " + TRIES + " tries reached the proceed or the bound");
        }
    }

    @Example
    void theOpeningProceedsInAnyChunksAndTheCorpusCloses() {
        assertTrue(negotiate(XmppPort.CLIENT_TO_SERVER, List.of(OPENING), List.of(AFTER_TLS)));
        for (int i = 0; i <= OPENING.length(); i++) {
            assertTrue(negotiate(XmppPort.CLIENT_TO_SERVER, split(OPENING, List.of(i)), List.of(AFTER_TLS)));
        }
        List<String> bytewise = OPENING.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        assertTrue(negotiate(XmppPort.CLIENT_TO_SERVER, bytewise, List.of()));
        FuzzCorpus.load("xmpp").forEach((name, bytes) -> {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertTrue(!negotiate(XmppPort.CLIENT_TO_SERVER, List.of(text), List.of()), name);
            assertTrue(!negotiate(XmppPort.SERVER_TO_SERVER, split(text, List.of(1, 7, 100)), List.of()), name);
        });
    }

    @Property
    void anyChunksAreAnsweredOrClosed(@ForAll("anyPort") XmppPort port,
            @ForAll @Size(max = 8) List<@Size(max = 600) String> chunks) {
        // ISO-8859-1 as the listener decodes: every char below 256
        List<String> latin1 = chunks.stream().map(c -> new String(c.getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.ISO_8859_1)).toList();
        negotiate(port, latin1, latin1);
    }

    @Property
    void aMutatedOpeningInRandomChunksProceedsOrCloses(@ForAll("mutatedOpening") String opening,
            @ForAll @Size(max = 12) List<Integer> cuts, @ForAll("mutatedAfterTls") String afterTls,
            @ForAll @Size(max = 6) List<Integer> cutsAfter) {
        TRIES.incrementAndGet();
        if (negotiate(XmppPort.CLIENT_TO_SERVER, split(opening, cuts), split(afterTls, cutsAfter))) {
            REACHED.incrementAndGet();
        }
    }

    /** Elements past the bound (a start tag, a declaration, text, a starttls body), in reads of up to 64 KiB. */
    @Property(tries = 200)
    void anOversizedElementClosesTheStreamWithinTheBound(@ForAll("oversized") String element,
            @ForAll @Size(max = 6) List<@net.jqwik.api.constraints.IntRange(max = 70_000) Integer> cuts) {
        TRIES.incrementAndGet();
        int before = BOUND_CLOSES.get();
        negotiate(XmppPort.CLIENT_TO_SERVER, split(DECLARATION + HEADER + element, cuts), List.of());
        if (BOUND_CLOSES.get() > before) {
            REACHED.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<XmppPort> anyPort() {
        return Arbitraries.of(XmppPort.class);
    }

    @Provide
    Arbitrary<String> mutatedOpening() {
        return mutated(Arbitraries.of(OPENING, OPENING.replace("'", "\""), HEADER + STARTTLS,
                DECLARATION + "\n" + HEADER.replace("' ", "'\n  ") + "\n" + STARTTLS.replace("/>", "></starttls>")));
    }

    @Provide
    Arbitrary<String> mutatedAfterTls() {
        return mutated(Arbitraries.of(AFTER_TLS, HEADER + "</stream:stream>"));
    }

    /** Characters changed, inserted or removed (the markup's own among the replacements, so tags break and re-form). */
    static Arbitrary<String> mutated(Arbitrary<String> base) {
        Arbitrary<Character> c = Arbitraries.oneOf(Arbitraries.chars().with("<>/'\"=?: \n\u0000\u00ff"),
                Arbitraries.chars().range('\u0000', '\u00ff'));
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 400).withDistribution(RandomDistribution.uniform());
        Arbitrary<Tuple.Tuple3<Integer, Integer, Character>> edit = Combinators.combine(Arbitraries.integers().between(0, 2), at, c)
                .as(Tuple::of);
        return Combinators.combine(base, edit.list().ofMaxSize(3)).as((text, edits) -> {
            StringBuilder b = new StringBuilder(text);
            for (var e : edits) {
                int i = e.get2() % (b.length() + 1);
                switch (e.get1()) {
                    case 0 -> b.insert(i, e.get3().charValue());
                    case 1 -> {
                        if (i < b.length()) {
                            b.setCharAt(i, e.get3());
                        }
                    }
                    default -> {
                        if (i < b.length()) {
                            b.deleteCharAt(i);
                        }
                    }
                }
            }
            return b.toString();
        });
    }

    @Provide
    Arbitrary<String> oversized() {
        Arbitrary<Integer> size = Arbitraries.integers().between(MAX_PENDING - 100, 3 * MAX_PENDING);
        return Combinators.combine(Arbitraries.integers().between(0, 5), size).as((kind, n) -> switch (kind) {
            case 0 -> "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls' a='" + "x".repeat(n) + "'/>";
            case 1 -> "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>" + "y".repeat(n) + "</starttls>";
            case 2 -> "<?" + "z".repeat(n) + "?>" + STARTTLS;
            case 3 -> "<" + "a".repeat(n) + ">";
            case 4 -> "<starttls " + "b='1' ".repeat(n / 6) + "/>";
            default -> "<starttls xmlns='" + "'".repeat(n) + ">";
        });
    }
}
