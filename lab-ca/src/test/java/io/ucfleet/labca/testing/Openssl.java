package io.ucfleet.labca.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent oracle: the system's {@code openssl} (and {@code curl}), run in a working
 * directory. Fails loudly when a tool is missing; never skips.
 */
public final class Openssl {
    private final Path dir;

    public Openssl(Path dir) {
        this.dir = dir;
    }

    public static Openssl inTemp() {
        try {
            return new Openssl(Files.createTempDirectory("ucfleet-labca-openssl"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public record Result(int exitCode, String stdout, String stderr, long millis) {
        public String out() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + ": " + stderr + stdout);
            }
            return stdout;
        }

        public String all() {
            return stdout + stderr;
        }
    }

    public Path dir() {
        return dir;
    }

    public Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code openssl <args>} in the directory. */
    public Result openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return run(command);
    }

    public Result run(List<String> command) {
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " " + command.get(1) + " timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is required by the tests and could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A new key and CSR by {@code openssl req} with the given extension lines (an {@code [ext]} section), as a user makes one. */
    public String csr(String name, String keyAlgorithm, String subject, String... extensions) {
        StringBuilder config = new StringBuilder("[req]\ndistinguished_name = dn\nreq_extensions = ext\nprompt = no\n[dn]\n");
        config.append("[ext]\n");
        for (String line : extensions) {
            config.append(line).append('\n');
        }
        write(name + ".cnf", config.toString());
        List<String> args = new ArrayList<>(List.of("req", "-new", "-newkey", keyAlgorithm, "-nodes", "-keyout", name + ".key",
                "-subj", subject, "-config", name + ".cnf", "-out", name + ".csr"));
        if (keyAlgorithm.startsWith("ec")) {
            args.set(3, "ec");
            args.add(4, "-pkeyopt");
            args.add(5, "ec_paramgen_curve:P-256");
        }
        openssl(args.toArray(String[]::new)).out();
        return read(name + ".csr");
    }
}
