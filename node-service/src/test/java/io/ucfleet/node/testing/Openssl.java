package io.ucfleet.node.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent oracle: runs the real {@code openssl} command. Fails loudly when openssl is
 * missing; never skips.
 */
public final class Openssl {
    private Openssl() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String out() {
            if (exitCode != 0) {
                throw new AssertionError("openssl failed (" + exitCode + "): " + stderr + stdout);
            }
            return stdout;
        }
    }

    /** Runs openssl in a working directory (the {@code openssl ca} directory of seed 004). */
    public static Result inDirectory(Path directory, String... args) {
        return run(directory, null, args);
    }

    /** Runs openssl with the given arguments and optional stdin. */
    public static Result withInput(String stdin, String... args) {
        return run(null, stdin, args);
    }

    private static Result run(Path directory, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl " + args[0] + " timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("openssl is required by the tests and could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String run(String... args) {
        return withInput(null, args).out();
    }

    /** {@code openssl x509 -text -noout} of a PEM certificate. */
    public static String x509Text(String pem) {
        return withInput(pem, "x509", "-noout", "-text").out();
    }

    public static Path temp(String name, String content) {
        try {
            Path dir = Files.createTempDirectory("ucfleet-openssl");
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("ucfleet-openssl");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The serial of the certificate {@code openssl s_client} receives from a listener, in our upper-case hex form. */
    public static String servedSerial(int port, String serverName) {
        var session = withInput("", "s_client", "-connect", "127.0.0.1:" + port, "-servername", serverName);
        String out = session.stdout();
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----");
        if (begin < 0 || end < begin) {
            throw new AssertionError("no certificate from s_client: " + session.stderr());
        }
        String pem = out.substring(begin, end + "-----END CERTIFICATE-----".length()) + "\n";
        String serial = withInput(pem, "x509", "-noout", "-serial").out().trim();
        return serial.substring("serial=".length()).replaceFirst("^0+", "");
    }
}
