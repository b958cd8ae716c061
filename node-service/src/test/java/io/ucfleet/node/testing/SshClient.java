package io.ucfleet.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH client ({@code ssh}, Debian's openssh-client) against the node's CLI, with
 * the password given by an askpass helper ({@code SSH_ASKPASS_REQUIRE=force}), so no sshpass or
 * expect is needed. Fails loudly when ssh is missing; never skips.
 */
public final class SshClient {
    /** {@code password} or {@code keyboard-interactive}. */
    public static final String PASSWORD = "password";
    public static final String KEYBOARD_INTERACTIVE = "keyboard-interactive";

    private static Path askpass;
    private static Path knownHosts;

    private final int port;
    private final String user;
    private final String password;
    private final String method;

    public SshClient(int port, String user, String password, String method) {
        this.port = port;
        this.user = user;
        this.password = password;
        this.method = method;
    }

    public record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
    }

    /** One command on the exec channel, with optional standard input (answers to prompts). */
    public Result exec(String command, String stdin) {
        List<String> args = base();
        args.add("--");
        args.add(command);
        long start = System.nanoTime();
        Process process = start(args);
        try {
            OutputStream in = process.getOutputStream();
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            in.close();
            var out = readAsync(process.getInputStream());
            var err = readAsync(process.getErrorStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("ssh " + command + " did not finish in 60 s");
            }
            out.finish();
            err.finish();
            return new Result(process.exitValue(), out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** An interactive session: {@code ssh -tt}, so the server allocates a pty. */
    public Interactive shell() {
        List<String> args = base();
        args.add(1, "-tt");
        return new Interactive(start(args));
    }

    /** A running {@code ssh -tt}: read until a marker, write as a user types. */
    public static final class Interactive implements AutoCloseable {
        private final Process process;
        private final Reader out;
        private int consumed;

        Interactive(Process process) {
            this.process = process;
            this.out = readAsync(process.getInputStream());
            readAsync(process.getErrorStream());
        }

        /** Everything after the last expectation up to and including {@code marker}. */
        public String expect(String marker) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String all = out.text();
                int at = all.indexOf(marker, consumed);
                if (at >= 0) {
                    String text = all.substring(consumed, at + marker.length());
                    consumed = at + marker.length();
                    return text;
                }
                if (!process.isAlive() && out.done()) {
                    throw new AssertionError("ssh ended before \"" + marker + "\"; output: " + all.substring(consumed));
                }
                sleep(5);
            }
            throw new AssertionError("no \"" + marker + "\" within 60 s; output: " + out.text().substring(consumed));
        }

        public void send(String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        public void send(byte[] bytes) {
            try {
                process.getOutputStream().write(bytes);
                process.getOutputStream().flush();
            } catch (IOException e) {
                throw new AssertionError("cannot write to ssh", e);
            }
        }

        /** Waits for ssh to end (the server closed the session); its exit code. */
        public int awaitEnd() {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the session did not end; output: " + out.text());
                }
                out.finish();
                return process.exitValue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** All output after the last expectation, once ssh has ended. */
        public String rest() {
            return out.text().substring(consumed);
        }

        /** A dropped connection: the client is killed, as when a network or a laptop goes away. */
        public void kill() {
            process.destroyForcibly();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private List<String> base() {
        List<String> args = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + knownHosts(), "-o", "LogLevel=ERROR",
                "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=" + method,
                "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=0"));
        args.add(user + "@127.0.0.1");
        return args;
    }

    private Process start(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(args);
        builder.environment().put("SSH_ASKPASS", askpass().toString());
        builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
        builder.environment().put("DISPLAY", ":0");
        builder.environment().put("UCFLEET_TEST_SSH_PASSWORD", password);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("ssh (OpenSSH client, Debian's openssh-client) is required by the CLI tests and"
                    + " could not be run: " + e.getMessage(), e);
        }
    }

    /** The OpenSSH host-key scanner: what the server presents as its host key. */
    public static String keyscan(int port) {
        try {
            Process p = new ProcessBuilder("ssh-keyscan", "-p", String.valueOf(port), "-t", "ecdsa", "127.0.0.1").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("ssh-keyscan (openssh-client) is required by the CLI tests: " + e.getMessage(), e);
        }
    }

    private static synchronized Path askpass() {
        if (askpass == null) {
            try {
                Path dir = Files.createTempDirectory("ucfleet-ssh");
                askpass = dir.resolve("askpass");
                Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$UCFLEET_TEST_SSH_PASSWORD\"\n");
                Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return askpass;
    }

    private static synchronized Path knownHosts() {
        if (knownHosts == null) {
            try {
                knownHosts = Files.createTempFile("ucfleet-known-hosts", "");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return knownHosts;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Reader readAsync(InputStream in) {
        Reader reader = new Reader(in);
        reader.start();
        return reader;
    }

    private static final class Reader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean done;

        Reader(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                done = true;
            }
        }

        boolean done() {
            return done;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        void finish() {
            try {
                super.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
