package io.ucfleet.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The terminal's line discipline, without SSH: echo, editing, line endings, limits. */
class TerminalTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Terminal terminal(String input, boolean pty) {
        return new Terminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, pty, 16);
    }

    @Test
    void crLfCrAndLfEachEndOneLine() {
        Terminal t = terminal("a\r\nb\rc\nd\r\r\n", false);
        for (String expected : new String[] {"a", "b", "c", "d", ""}) {
            assertEquals(new Terminal.Input(Terminal.Kind.LINE, expected), t.readLine());
        }
        assertEquals(Terminal.Kind.END, t.readLine().kind());
    }

    @Test
    void withAPtyTypedCharactersAreEchoedAndBackspaceErasesOneCharacter() {
        Terminal t = terminal("shoq\u007fw é\u007f\u0008x\r", true);
        assertEquals(new Terminal.Input(Terminal.Kind.LINE, "showx"), t.readLine());
        assertEquals("shoq\b \bw é\b \b\b \bx\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAPtyNothingIsEchoedAndOutputLinesEndWithLf() {
        Terminal t = terminal("show\n", false);
        assertEquals("show", t.readLine().text());
        t.println("one\ntwo");
        assertEquals("one\ntwo\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withAPtyOutputLinesEndWithCrLf() {
        terminal("", true).println("one\ntwo\r\nthree");
        assertEquals("one\r\ntwo\r\nthree\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ctrlCAbandonsTheLineAndArrowKeysAreSwallowed() {
        Terminal t = terminal("abc\u0003\u001b[Ashow\u001bOB\n", true);
        assertEquals(Terminal.Kind.INTERRUPTED, t.readLine().kind());
        assertEquals("show", t.readLine().text());
    }

    @Test
    void ctrlDOnAnEmptyLineEndsTheInput() {
        assertEquals(Terminal.Kind.END, terminal("\u0004show\n", true).readLine().kind());
    }

    @Test
    void aLineOverTheLimitIsConsumedToItsEndAndReportedNotKept() {
        char[] longLine = new char[100_000];
        Arrays.fill(longLine, 'x');
        Terminal t = terminal(new String(longLine) + "\nnext\n", true);
        assertEquals(Terminal.Kind.TOO_LONG, t.readLine().kind());
        assertEquals("next", t.readLine().text());
        assertEquals(16 + 2 + 4 + 2, out.size(), "only the first 16 characters were echoed");
    }
}
