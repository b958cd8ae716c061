package io.ucfleet.node.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The SSH platform CLI's reading of what a client types, given anything: the terminal turns any
 * bytes (pty or not) into lines, interrupts, over-long lines or the end, and the command table
 * turns any line into a command and its arguments, an incomplete command or none; never an
 * exception, and a line is never kept beyond the limit. The table is the real one.
 */
class CliFuzzTest {
    static final List<CliCommand> COMMANDS = new CommandTable(new CertificateCommands(), new NodeCommands(),
            new ClusterCommands()).commands();
    static final int MAX_LINE = 256;

    static void readAll(byte[] input, boolean pty) {
        long start = System.nanoTime();
        Terminal terminal = new Terminal(new ByteArrayInputStream(input), new ByteArrayOutputStream(), pty, MAX_LINE);
        for (int lines = 0; lines <= input.length + 1; lines++) {
            Terminal.Input read = terminal.readLine();
            assertNotNull(read);
            if (read.kind() == Terminal.Kind.END) {
                break;
            }
            assertTrue(read.text().length() <= MAX_LINE, "a line of " + read.text().length());
            if (read.kind() == Terminal.Kind.LINE) {
                resolve(read.text());
            }
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded time");
    }

    static void resolve(String line) {
        List<String> tokens = Cli.tokens(line);
        if (tokens.isEmpty()) {
            return;
        }
        var match = Cli.match(COMMANDS, tokens);
        if (match.isPresent()) {
            match.get().arguments(tokens).ifPresent(arguments -> assertTrue(arguments.size() <= match.get().parameters().size()));
        } else {
            COMMANDS.forEach(c -> c.continues(tokens));
        }
    }

    @Example
    void everyCommandOfTheTableResolvesToItself() {
        for (CliCommand command : COMMANDS) {
            String line = command.syntax().replaceAll("<[^>]+>|\\[[^]]+]", "x");
            assertTrue(Cli.match(COMMANDS, Cli.tokens(line)).isPresent(), line);
        }
        readAll("show cert list own\r\nset cert regen tomcat\u0003\u001b[A\u007f\u0008\nutils service restart Cisco Tomcat\n"
                .getBytes(StandardCharsets.UTF_8), true);
        readAll(new byte[100_000], false);
    }

    @Property
    void anyBytesAreReadAsLinesAndResolved(@ForAll @Size(max = 2000) byte[] input, @ForAll boolean pty) {
        readAll(input, pty);
    }

    @Property
    void anyLineOfCommandWordsResolves(@ForAll("lines") String line) {
        resolve(line);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("show", "set", "utils", "cert", "list", "own", "trust",
                "regen", "import", "delete", "csr", "gen", "service", "restart", "ctl", "update", "ctlfile", "set-cluster",
                "mixed-mode", "key", "authz", "signing", "dbreplication", "runtimestate", "exit", "tomcat", "SHOW", "Cert"),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> space = Arbitraries.of(" ", "  ", "\t", "\u00a0", "\u2028", "\u000b");
        return word.list().ofMaxSize(12).flatMap(words -> space.list().ofSize(words.size()).map(spaces -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < words.size(); i++) {
                out.append(words.get(i)).append(spaces.get(i));
            }
            return out.toString();
        }));
    }
}
