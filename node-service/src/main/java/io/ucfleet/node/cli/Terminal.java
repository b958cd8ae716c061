package io.ucfleet.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One CLI channel as a terminal sees it. With a pty, typed characters are echoed (backspace
 * erases, Ctrl-C abandons the line, escape sequences such as arrow keys are swallowed) and lines
 * end with CR LF; without one (exec, or a shell piped from a script) nothing is echoed and lines
 * end with LF. A line longer than the limit is consumed to its end without being kept, so a
 * pasted megabyte costs no memory.
 */
public final class Terminal {
    private static final byte CTRL_C = 3;
    private static final byte CTRL_D = 4;
    private static final byte BACKSPACE = 8;
    private static final byte ESC = 27;
    private static final byte DEL = 127;

    public enum Kind { LINE, INTERRUPTED, TOO_LONG, END }

    /** What a read produced: a line ({@link Kind#LINE}, its text) or why there is none. */
    public record Input(Kind kind, String text) {
        static final Input INTERRUPTED = new Input(Kind.INTERRUPTED, "");
        static final Input TOO_LONG = new Input(Kind.TOO_LONG, "");
        static final Input END = new Input(Kind.END, "");
    }

    private final InputStream in;
    private final OutputStream out;
    private final boolean pty;
    private final int maxLine;
    private final byte[] buffer = new byte[8192];
    private int bufferStart;
    private int bufferEnd;
    /** A CR ended the last line; an LF right after it belongs to it (clients send CR LF, CR or LF). */
    private boolean afterCr;
    private final java.io.ByteArrayOutputStream pendingEcho = new java.io.ByteArrayOutputStream();

    public Terminal(InputStream in, OutputStream out, boolean pty, int maxLine) {
        this.in = in;
        this.out = out;
        this.pty = pty;
        this.maxLine = maxLine;
    }

    public boolean pty() {
        return pty;
    }

    /** Writes a line (any LF inside it too) with this terminal's line ending. */
    public void println(String line) {
        print(line + "\n");
    }

    /** Writes text as is but for line endings, and flushes: prompts end without one. */
    public void print(String text) {
        flushEcho();
        String converted = pty ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
        write(converted.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one line, echoing and editing it when there is a pty. */
    public Input readLine() {
        byte[] line = new byte[Math.min(256, maxLine)];
        int length = 0;
        boolean overflow = false;
        while (true) {
            int b = next();
            if (b < 0) {
                return Input.END;
            }
            if (afterCr && b == '\n') {
                afterCr = false;
                continue;
            }
            afterCr = false;
            switch (b) {
                case '\r', '\n' -> {
                    afterCr = b == '\r';
                    echo("\r\n");
                    return overflow ? Input.TOO_LONG : new Input(Kind.LINE, new String(line, 0, length, StandardCharsets.UTF_8));
                }
                case CTRL_C -> {
                    echo("^C\r\n");
                    return Input.INTERRUPTED;
                }
                case CTRL_D -> {
                    if (length == 0 && !overflow) {
                        return Input.END;
                    }
                }
                case BACKSPACE, DEL -> {
                    if (length > 0 && !overflow) {
                        // Erase one character: a UTF-8 lead byte and its continuation bytes.
                        do {
                            length--;
                        } while (length > 0 && (line[length] & 0xC0) == 0x80);
                        echo("\b \b");
                    }
                }
                case ESC -> skipEscapeSequence();
                default -> {
                    if (b < 0x20) {
                        continue; // tab and other controls: no completion, no meaning here
                    }
                    if (overflow) {
                        continue;
                    }
                    if (length == maxLine) {
                        overflow = true;
                        continue;
                    }
                    if (length == line.length) {
                        line = Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
                    }
                    line[length++] = (byte) b;
                    if (pty) {
                        pendingEcho.write(b);
                    }
                }
            }
        }
    }

    /** CSI ({@code ESC [ ... final}) and SS3 ({@code ESC O x}) sequences: arrow and function keys. */
    private void skipEscapeSequence() {
        int kind = next();
        if (kind == '[') {
            int b;
            do {
                b = next();
            } while (b >= 0 && (b < 0x40 || b > 0x7E));
        } else if (kind == 'O') {
            next();
        }
    }

    private void echo(String text) {
        if (pty) {
            pendingEcho.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            if (text.indexOf('\n') >= 0) {
                flushEcho();
            }
        }
    }

    /** Echo goes out when the input read so far is used up: one packet per burst, not per key. */
    private void flushEcho() {
        if (pendingEcho.size() > 0) {
            byte[] bytes = pendingEcho.toByteArray();
            pendingEcho.reset();
            write(bytes);
        }
    }

    private int next() {
        if (bufferStart == bufferEnd) {
            flushEcho();
            try {
                int n = in.read(buffer);
                if (n <= 0) {
                    return -1;
                }
                bufferStart = 0;
                bufferEnd = n;
            } catch (IOException e) {
                return -1; // the channel closed under us: the client went away
            }
        }
        return buffer[bufferStart++] & 0xFF;
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
    }
}
