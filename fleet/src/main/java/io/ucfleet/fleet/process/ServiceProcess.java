package io.ucfleet.fleet.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One packaged ucfleet service (a {@code quarkus-run.jar}, or a main class) run as a JVM on 127.0.0.1: the one
 * way the local launcher, the project's multi-process tests and benchmarks, and users' tests
 * start, await, stop and kill a ucfleet process. An HTTP port ({@link Ports}: one nothing else
 * takes), {@code -D} properties, environment (secrets go there, not on the command line), a log
 * per start. A process started with a {@link Builder#marker marker} is detached ({@code setsid}:
 * it outlives the JVM that started it) and found again by that marker by any later JVM, which
 * is how {@code deploy/local/cluster status} and {@code down} find what {@code up} started.
 * After a stop or kill, the embedded PostgreSQL it may have left behind (found by
 * {@code <data dir>/postgres/postmaster.pid}) is stopped too, so nothing leaves a postmaster
 * running. Plain JDK.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final int TAIL = 4000;

    private final String name;
    private final Path jar;
    private final String mainClass;
    private final String classpath;
    private final int httpPort;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path dataDir;
    private final Path workDir;
    private final Path logDir;
    private final Path logFile;
    private final String marker;
    private final List<Path> logs = new ArrayList<>();
    private ProcessHandle process;

    private ServiceProcess(Builder b) {
        this.name = b.name;
        this.jar = b.jar;
        this.mainClass = b.mainClass;
        this.classpath = b.classpath;
        this.httpPort = b.httpPort != 0 ? b.httpPort : freePort();
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.properties = new LinkedHashMap<>(b.properties);
        this.environment = new LinkedHashMap<>(b.environment);
        this.dataDir = b.dataDir;
        this.workDir = b.workDir;
        this.logDir = b.logDir != null ? b.logDir : b.workDir != null ? b.workDir : b.dataDir;
        this.logFile = b.logFile;
        this.marker = b.marker;
        if (marker != null) {
            find().ifPresent(running -> {
                process = running;
                if (logFile != null) {
                    logs.add(logFile);
                }
            });
        }
    }

    /** The system property that marks a launcher's process, so a recycled pid or another checkout's process is never signalled. */
    public static final String MARKER_PROPERTY = "ucfleet.launcher.instance";

    /** A running JVM carrying this process's marker. */
    private Optional<ProcessHandle> find() {
        String argument = "-D" + MARKER_PROPERTY + "=" + marker;
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments()
                .map(args -> java.util.Arrays.asList(args).contains(argument)).orElse(false)).findFirst();
    }

    /** A service named {@code name} (its logs say so) run from the packaged {@code jar}. */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The service's data directory (where its embedded PostgreSQL lives), or null if it has none. */
    public Path dataDir() {
        return dataDir;
    }

    /** Launches the JVM (again, after a stop or kill); {@link #awaitReady} waits for it. */
    public synchronized ServiceProcess start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        if (marker != null) {
            command.add("setsid"); // its own session: it outlives this JVM and the terminal
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (marker != null) {
            command.add("-D" + MARKER_PROPERTY + "=" + marker);
        }
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + httpPort);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (mainClass == null) {
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
        } else {
            command.add("-cp");
            command.add(jar.toAbsolutePath() + (classpath == null ? "" : ":" + classpath));
            command.add(mainClass);
        }
        try {
            Files.createDirectories(logDir);
            if (workDir != null) {
                Files.createDirectories(workDir);
            }
            Path log;
            if (logFile != null) {
                Files.createDirectories(logFile.getParent());
                if (Files.exists(logFile)) { // keep the previous run's log
                    Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                log = logFile;
            } else {
                log = logDir.resolve(name + "-" + System.nanoTime() + ".log");
            }
            logs.add(log);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(environment);
            // setsid execs in place (a child of a JVM is no group leader), so this pid is the JVM's
            process = builder.start().toHandle();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 and, when it has one ({@code quarkus.http.ssl-port}),
     * its HTTPS port accepts connections (a node's API is HTTPS only, and Quarkus may answer on
     * HTTP a moment before it listens on HTTPS); fails with the log's tail if the JVM exits or time runs out.
     */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited: " + logTail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 && httpsListening()) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready in " + timeout.toSeconds() + " s: " + logTail());
    }

    private boolean httpsListening() {
        String port = properties.get("quarkus.http.ssl-port");
        if (port == null || port.equals("0")) {
            return true;
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(URI.create(url()).getHost(), Integer.parseInt(port)), 2000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Waits for the JVM to exit by itself (a boot that must fail); answers whether it did in time. */
    public boolean awaitExit(Duration timeout) {
        ProcessHandle current = process;
        return current == null || waitFor(current, timeout.toMillis());
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Whether its {@code /q/health/ready} answers 200 now. */
    public boolean isReady() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The JVM's pid while it runs. */
    public synchronized Optional<Long> pid() {
        return isRunning() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** SIGSTOP: the JVM freezes (a hung node) until {@link #resume}. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, a clean stop (the JVM stops its embedded PostgreSQL); SIGKILL after 30 s. */
    public synchronized void stop() {
        if (isRunning()) {
            signalIfStopped();
            process.destroy();
            if (!waitFor(process, 30_000)) {
                process.destroyForcibly();
                waitFor(process, 10_000);
            }
        }
        stopOrphanedPostgres();
    }

    /** A paused JVM cannot act on SIGTERM; let it run to stop. */
    private void signalIfStopped() {
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            // it exited meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, mid-whatever; then the orphaned PostgreSQL goes too, as on a crashed host. */
    public synchronized void kill() {
        if (isRunning()) {
            process.destroyForcibly();
            waitFor(process, 10_000);
        }
        stopOrphanedPostgres();
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean waitFor(ProcessHandle handle, long millis) {
        try {
            handle.onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The directory of this service's embedded PostgreSQL. */
    public Path postgresDir() {
        if (dataDir == null) {
            throw new IllegalStateException(name + " has no data directory");
        }
        return dataDir.resolve("postgres");
    }

    /** The running postmaster of this service's embedded PostgreSQL, by the pid in its postmaster.pid. */
    public Optional<ProcessHandle> postmaster() {
        if (dataDir == null) {
            return Optional.empty();
        }
        Path pidFile = postgresDir().resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            // a stale file's pid may since belong to another process
            return ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").contains("postgres"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being written or removed right now
        }
    }

    /** Immediate shutdown (SIGQUIT) of a postmaster our JVM no longer stops (it was killed, or never stopped it). */
    public void stopOrphanedPostgres() {
        postmaster().ifPresent(postmaster -> {
            try {
                new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).start().waitFor();
                postmaster.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("could not stop the PostgreSQL of " + name + ": " + e);
            }
        });
    }

    /** The log of the current (or last) start. */
    public synchronized Path log() {
        return logs.isEmpty() ? null : logs.get(logs.size() - 1);
    }

    /** The end of the current start's log, for a failure message. */
    public String logTail() {
        Path log = log();
        if (log == null) {
            return "(not started)";
        }
        String text = read(log);
        return text.substring(Math.max(0, text.length() - TAIL));
    }

    /** Everything every start of this service logged. */
    public synchronized String logText() {
        StringBuilder text = new StringBuilder();
        for (Path log : logs) {
            text.append(read(log));
        }
        return text.toString();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log " + log + ")";
        }
    }

    /** A TCP port nothing else will take before our process binds it ({@link Ports#claim}). */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /** Distinct ports, each claimed for this JVM ({@link Ports#claim}). */
    public static int[] freePorts(int count) {
        return Ports.claim(count);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final String name;
        private final Path jar;
        private String mainClass;
        private String classpath;
        private int httpPort;
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path dataDir;
        private Path workDir;
        private Path logDir;
        private Path logFile;
        private String marker;

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar;
        }

        /** Runs {@code className} with the jar and {@code moreClasspath} (a {@code -cp} value; null: none) instead of {@code -jar}. */
        public Builder mainClass(String className, String moreClasspath) {
            this.mainClass = className;
            this.classpath = moreClasspath;
            return this;
        }

        /** The HTTP port; a free one by default. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Replaces the JVM options (default {@code -Xmx256m -XX:+UseSerialGC}). */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.clear();
            jvmOptions.addAll(options);
            return this;
        }

        public Builder property(String key, Object value) {
            properties.put(key, String.valueOf(value));
            return this;
        }

        public Builder properties(Map<String, String> more) {
            properties.putAll(more);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> more) {
            environment.putAll(more);
            return this;
        }

        /** The service's data directory, passed as {@code property}; its embedded PostgreSQL is under it. */
        public Builder dataDir(String property, Path dir) {
            this.dataDir = dir;
            return property(property, dir);
        }

        /** The JVM's working directory (default: this one's). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Where the logs go (default: the working directory if set, else the data directory). */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** One log file, the previous start's kept as {@code <file>.1} (default: a new file per start in the log directory). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /**
         * Runs it detached ({@code setsid}) with this marker (a path is a good one: unique to a
         * checkout and process); a later {@link #build} with the same marker finds it running.
         */
        public Builder marker(String value) {
            this.marker = value;
            return this;
        }

        public ServiceProcess build() {
            if (logDir == null && workDir == null && dataDir == null && logFile == null) {
                throw new IllegalStateException(name + ": no directory for the log");
            }
            return new ServiceProcess(this);
        }
    }
}
