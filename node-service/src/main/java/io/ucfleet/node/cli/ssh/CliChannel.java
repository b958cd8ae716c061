package io.ucfleet.node.cli.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import io.ucfleet.node.cli.Account;
import io.ucfleet.node.cli.Cli;
import io.ucfleet.node.cli.Console;
import io.ucfleet.node.cli.Terminal;

/**
 * One SSH channel of the CLI: the interactive shell (banner, {@code admin:} prompt, a command a
 * line) or one exec command. Runs on a CLI session thread, never on MINA's I/O threads; a
 * channel that closes makes the next read end the session once the running command is done, so
 * a command either completes or never starts.
 */
final class CliChannel implements Command {
    static final String[] BANNER = {"Command Line Interface is starting up, please wait ...", "",
            "   Welcome to the Platform Command Line Interface", ""};

    private final Cli cli;
    private final ExecutorService sessions;
    private final int maxLine;
    private final int maxPaste;
    /** The exec channel's command; null for the shell. */
    private final String command;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;

    CliChannel(Cli cli, ExecutorService sessions, int maxLine, int maxPaste, String command) {
        this.cli = cli;
        this.sessions = sessions;
        this.maxLine = maxLine;
        this.maxPaste = maxPaste;
        this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // Everything goes to stdout, as on the platform CLI.
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Account account = channel.getSession().getAttribute(AccountAuthenticator.ACCOUNT);
        boolean pty = !env.getPtyModes().isEmpty() || env.getEnv().containsKey(Environment.ENV_TERM);
        Terminal terminal = new Terminal(in, out, pty, maxLine);
        Console console = new Console(terminal, account, maxPaste);
        try {
            sessions.execute(() -> run(console));
        } catch (RejectedExecutionException e) {
            try {
                terminal.println("Too many CLI sessions are open on this node; try again later.");
            } catch (UncheckedIOException gone) {
                // the client left already
            }
            exit.onExit(1, "too many sessions");
        }
    }

    private void run(Console console) {
        int status = 0;
        try {
            if (command != null) {
                status = cli.run(console, command) ? 0 : 1;
            } else {
                shell(console);
            }
        } catch (Console.InputEnded | UncheckedIOException ended) {
            // the client closed its input or went away: the session is over
        } finally {
            exit.onExit(status);
        }
    }

    private void shell(Console console) {
        Terminal terminal = console.terminal();
        for (String line : BANNER) {
            terminal.println(line);
        }
        while (!console.closed()) {
            terminal.print(Cli.PROMPT);
            Terminal.Input input = terminal.readLine();
            switch (input.kind()) {
                case END -> {
                    return;
                }
                case INTERRUPTED -> {
                    // Ctrl-C abandons the line: a new prompt.
                }
                case TOO_LONG -> {
                    terminal.println(Cli.FAILED);
                    terminal.println("The line is longer than " + maxLine + " characters; it was not run.");
                }
                case LINE -> cli.run(console, input.text());
            }
        }
    }

    @Override
    public void destroy(ChannelSession channel) throws IOException {
        in.close(); // a session thread waiting for input wakes up and ends
    }
}
