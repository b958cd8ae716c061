package io.ucfleet.platform.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import io.ucfleet.platform.problem.ProblemBody;

/** Whatever a client sends, the piece of it a problem detail quotes is short, printable and one line. */
class ProblemQuoteFuzzTest {
    @Property
    void aQuotedInputIsShortPrintableAndOneLine(@ForAll String input) {
        String quoted = ProblemBody.quote(input);
        assertTrue(quoted.length() <= 6 * ProblemBody.MAX_QUOTED + 40, quoted);
        assertTrue(quoted.chars().noneMatch(c -> c < 0x20 || c == 0x7F || Character.isSurrogate((char) c)), quoted);
    }
}
