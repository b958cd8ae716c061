package io.ucfleet.node.cli;

import java.nio.charset.StandardCharsets;

/**
 * What a command sees of its session: output lines, confirmations and pasted text, and who is
 * logged in. A confirmation is given only by the exact answer its prompt asks for; Ctrl-C, the
 * end of input or anything else is a no, and the command changes nothing.
 */
public final class Console {
    private final Terminal terminal;
    private final Account account;
    private final int maxPasteBytes;
    private boolean closed;

    /** The command was abandoned before it changed anything (Ctrl-C, a refused confirmation, a bad paste). */
    public static final class Abandoned extends RuntimeException {
        public Abandoned(String message) {
            super(message, null, false, false);
        }
    }

    /** The client closed its input: the session ends once the command is over. */
    public static final class InputEnded extends RuntimeException {
        InputEnded() {
            super("input ended", null, false, false);
        }
    }

    public Console(Terminal terminal, Account account, int maxPasteBytes) {
        this.terminal = terminal;
        this.account = account;
        this.maxPasteBytes = maxPasteBytes;
    }

    public Account account() {
        return account;
    }

    public Terminal terminal() {
        return terminal;
    }

    public void println(String line) {
        terminal.println(line);
    }

    /** Asks; true only when the answer is {@code expected} (e.g. {@code yes}, {@code y}), ignoring case and spaces. */
    public boolean confirm(String prompt, String expected) {
        terminal.print(prompt);
        Terminal.Input answer = terminal.readLine();
        if (!terminal.pty() && answer.kind() != Terminal.Kind.END) {
            terminal.print("\n"); // nothing echoed the answer: keep the output in lines
        }
        if (answer.kind() == Terminal.Kind.END) {
            throw new InputEnded();
        }
        return answer.kind() == Terminal.Kind.LINE && answer.text().strip().equalsIgnoreCase(expected);
    }

    /**
     * Reads pasted text after the prompt, up to the first blank line. Ctrl-C, an over-long line or
     * more than the upload limit abandons the command; the end of input ends the session.
     */
    public byte[] paste(String prompt) {
        terminal.println(prompt);
        StringBuilder text = new StringBuilder();
        boolean tooLarge = false;
        while (true) {
            Terminal.Input line = terminal.readLine();
            switch (line.kind()) {
                case END -> throw new InputEnded();
                case INTERRUPTED -> throw new Abandoned("Interrupted; nothing was imported.");
                case TOO_LONG -> {
                    drainToBlankLine();
                    throw new Abandoned("A pasted line is longer than the limit; nothing was imported.");
                }
                case LINE -> {
                    if (line.text().isBlank()) {
                        if (tooLarge) {
                            throw new Abandoned("The pasted text is larger than " + maxPasteBytes
                                    + " bytes; nothing was imported.");
                        }
                        return text.toString().getBytes(StandardCharsets.UTF_8);
                    }
                    if (!tooLarge && text.length() + line.text().length() + 1 > maxPasteBytes) {
                        tooLarge = true;
                        text.setLength(0);
                    }
                    if (!tooLarge) {
                        text.append(line.text()).append('\n');
                    }
                }
            }
        }
    }

    /** The rest of an abandoned paste is not taken for commands. */
    private void drainToBlankLine() {
        while (true) {
            Terminal.Input line = terminal.readLine();
            if (line.kind() == Terminal.Kind.END) {
                throw new InputEnded();
            }
            if (line.kind() == Terminal.Kind.INTERRUPTED || (line.kind() == Terminal.Kind.LINE && line.text().isBlank())) {
                return;
            }
        }
    }

    /** {@code exit}/{@code quit}: the session ends after this command. */
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
