package io.ucfleet.fleet.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's directory: per process {@code <name>/} (data, log, pid), the generated secrets
 * (mode 600; a node's key-encryption key protects the private keys in its data directory, so
 * secrets survive down and up), and the topology the fleet was started with, so that
 * {@code status} and {@code down} see the fleet {@code up} made whatever they are told.
 */
public final class StateDir {
    static final String ADMIN_PASSWORD = "ADMIN_PASSWORD";
    static final String MONITOR_PASSWORD = "MONITOR_PASSWORD";
    static final String CLUSTER_PASSWORD = "CLUSTER_PASSWORD";
    private static final SecureRandom RANDOM = new SecureRandom();

    public final Path root;

    public StateDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path of(String process) {
        return root.resolve(process);
    }

    public Path log(String process) {
        return of(process).resolve(process + ".log");
    }

    public Path topologyFile() {
        return root.resolve("topology.yaml");
    }

    void create() {
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    /** One changing command at a time (two {@code up}s would race for ports and pid files); waits up to 5 minutes. */
    AutoCloseable lock() {
        try {
            create();
            FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return () -> {
                        lock.release();
                        channel.close();
                    };
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw new LauncherException("another launcher command holds " + root.resolve(".lock"));
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted waiting for " + root.resolve(".lock"));
        }
    }

    /** The fleet's accounts' passwords, generated on first use. */
    synchronized Map<String, String> credentials() {
        Path file = root.resolve("credentials");
        Map<String, String> values = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        values.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            boolean changed = false;
            for (String key : new String[] {ADMIN_PASSWORD, MONITOR_PASSWORD, CLUSTER_PASSWORD}) {
                if (!values.containsKey(key)) {
                    values.put(key, password());
                    changed = true;
                }
            }
            if (changed) {
                StringBuilder text = new StringBuilder();
                values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
                writeSecret(file, text.toString());
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** What {@code status} shows without creating anything. */
    Optional<Map<String, String>> existingCredentials() {
        return Files.exists(root.resolve("credentials")) ? Optional.of(credentials()) : Optional.empty();
    }

    /**
     * The accounts a launcher made ({@link Launcher#ADMIN_USER}, {@link Launcher#MONITOR_USER},
     * {@link Launcher#CLUSTER_USER}) by user name, with their passwords; for tests that call the fleet.
     */
    public Optional<Map<String, String>> accounts() {
        return existingCredentials().map(c -> Map.of(Launcher.ADMIN_USER, c.get(ADMIN_PASSWORD), Launcher.MONITOR_USER,
                c.get(MONITOR_PASSWORD), Launcher.CLUSTER_USER, c.get(CLUSTER_PASSWORD)));
    }

    /** The fleet services CA's certificate (PEM): what every process verifies cluster-sync, ctl-service and lab-ca by ({@code ucfleet.services.ca}). */
    public Path servicesCaCertificate() {
        return root.resolve("services-ca").resolve("ca.crt");
    }

    /**
     * The fleet services CA (EC P-256, ten years), created on first use and kept across launches
     * in {@code services-ca/} (the key mode 600), so a caller's trust survives down and up.
     */
    synchronized io.ucfleet.platform.tls.ServiceCertificates.Issued servicesCa() {
        Path cert = servicesCaCertificate();
        Path key = cert.resolveSibling("ca.key");
        if (!Files.exists(cert) || !Files.exists(key)) {
            try {
                Files.createDirectories(cert.getParent());
                Files.setPosixFilePermissions(cert.getParent(), PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + cert.getParent(), e);
            }
            io.ucfleet.platform.tls.ServiceCertificates.newCa(caName(), java.time.Instant.now())
                    .write(cert, key);
        }
        return io.ucfleet.platform.tls.ServiceCertificates.read(cert, key);
    }

    /** A node's key-encryption key (base64 of 256 bits), generated on first use. */
    String keyEncryptionKey(String node) {
        Path file = of(node).resolve("key-encryption-key");
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                byte[] kek = new byte[32];
                RANDOM.nextBytes(kek);
                Files.createDirectories(file.getParent());
                writeSecret(file, Base64.getEncoder().encodeToString(kek) + "\n");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static void writeSecret(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String password() {
        byte[] raw = new byte[18];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw).replace('+', 'x').replace('/', 'y');
    }

    /** The services CA's common name: this state directory's name, cut to RFC 5280's 64 characters (temporary directories run long). */
    private String caName() {
        String name = "ucfleet services CA " + root.getFileName();
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}
