// The SSH side of bench/ssh-benchmark: drives the real OpenSSH client (ssh -tt, password from an
// askpass helper) against a running node and prints one JSON line of latencies in milliseconds.
//
//   java bench/SshLatency.java <port> <user> <password> <logins> <commands>
//
// login-to-prompt: from starting ssh to reading the first "admin:" (includes the client's own
// start-up, key exchange and authentication, as a tool sees it); round trip: one command written,
// its output read up to the next "admin:", in one session.
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

public class SshLatency {
    static Path askpass;
    static Path knownHosts;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String user = args[1], password = args[2];
        int logins = Integer.parseInt(args[3]), commands = Integer.parseInt(args[4]);
        Path dir = Files.createTempDirectory("ucfleet-ssh-bench");
        askpass = dir.resolve("askpass");
        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$BENCH_SSH_PASSWORD\"\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        knownHosts = dir.resolve("known_hosts");

        List<Double> login = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            long t0 = System.nanoTime();
            Session s = new Session(port, user, password);
            s.expect("admin:");
            login.add((System.nanoTime() - t0) / 1e6);
            s.send("exit\n");
            s.end();
        }
        List<Double> version = new ArrayList<>(), list = new ArrayList<>();
        Session s = new Session(port, user, password);
        s.expect("admin:");
        for (int i = 0; i < commands; i++) {
            long t0 = System.nanoTime();
            s.send("show version active\n");
            s.expect("admin:");
            version.add((System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            s.send("show cert list own\n");
            s.expect("admin:");
            list.add((System.nanoTime() - t0) / 1e6);
        }
        s.send("exit\n");
        s.end();
        System.out.printf(Locale.ROOT, "{\"logins\":%d,\"loginToPromptMs\":{\"p50\":%.1f,\"p99\":%.1f},"
                + "\"commands\":%d,\"showVersionActiveMs\":{\"p50\":%.1f,\"p99\":%.1f},"
                + "\"showCertListOwnMs\":{\"p50\":%.1f,\"p99\":%.1f}}%n", logins, pct(login, 50), pct(login, 99),
                commands, pct(version, 50), pct(version, 99), pct(list, 50), pct(list, 99));
    }

    /** Nearest-rank percentile. */
    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static final class Session {
        final Process process;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int consumed;

        Session(int port, String user, String password) throws Exception {
            ProcessBuilder b = new ProcessBuilder("ssh", "-tt", "-F", "/dev/null", "-p", String.valueOf(port),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + knownHosts, "-o", "LogLevel=ERROR",
                    "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                    "-o", "NumberOfPasswordPrompts=1", user + "@127.0.0.1");
            b.environment().put("SSH_ASKPASS", askpass.toString());
            b.environment().put("SSH_ASKPASS_REQUIRE", "force");
            b.environment().put("BENCH_SSH_PASSWORD", password);
            b.redirectError(ProcessBuilder.Redirect.DISCARD);
            process = b.start();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = process.getInputStream()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        synchronized (out) {
                            out.write(buffer, 0, n);
                            out.notifyAll();
                        }
                    }
                } catch (Exception e) {
                    // ssh ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void expect(String marker) throws Exception {
            long deadline = System.currentTimeMillis() + 60_000;
            synchronized (out) {
                while (true) {
                    String text = out.toString(StandardCharsets.UTF_8);
                    int at = text.indexOf(marker, consumed);
                    if (at >= 0) {
                        consumed = at + marker.length();
                        return;
                    }
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0 || !process.isAlive()) {
                        throw new IllegalStateException("no \"" + marker + "\": " + text.substring(consumed));
                    }
                    out.wait(Math.min(left, 50));
                }
            }
        }

        void send(String text) throws Exception {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        void end() throws Exception {
            process.getOutputStream().close();
            process.waitFor();
        }
    }
}
