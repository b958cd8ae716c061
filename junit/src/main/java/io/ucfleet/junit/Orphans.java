package io.ucfleet.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ucfleet.fleet.process.ServiceProcess;

/**
 * Fleets whose test JVM died without stopping them. The launcher's processes are detached
 * ({@code setsid}), so a test JVM killed with SIGKILL (a CI timeout) leaves them running, and
 * its shutdown hook never runs. Each state directory names its owner (pid and start time); the
 * next fleet any test JVM starts stops the processes of directories whose owner is gone (found
 * by the launcher's marker, which carries the directory) and their PostgreSQL, and deletes them.
 */
final class Orphans {
    static final String PREFIX = "ucfleet-junit-";
    static final String OWNER = "owner";

    private Orphans() {
    }

    /** Marks {@code stateDir} as this JVM's. */
    static void own(Path stateDir) {
        ProcessHandle self = ProcessHandle.current();
        try {
            Files.writeString(stateDir.resolve(OWNER), self.pid() + " " + startOf(self).orElse("?") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(OWNER), e);
        }
    }

    /** Stops what the dead owners of state directories in {@code parent} left running; answers what it stopped. */
    static List<String> reap(Path parent) {
        List<String> reaped = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve(OWNER)) && !ownerAlive(dir)) {
                    reaped.addAll(stop(dir));
                    delete(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            FleetResource.log("could not look for orphaned fleets in %s: %s", parent, e);
        }
        return reaped;
    }

    private static boolean ownerAlive(Path dir) throws IOException {
        String[] owner = Files.readString(dir.resolve(OWNER)).strip().split(" ");
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
        // a pid alone may have been reused since: the start time tells
        return process.isPresent() && process.get().isAlive() && startOf(process.get()).orElse("?").equals(owner[1]);
    }

    private static Optional<String> startOf(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString);
    }

    private static List<String> stop(Path dir) throws IOException {
        List<String> stopped = new ArrayList<>();
        String marker = "-D" + ServiceProcess.MARKER_PROPERTY + "=" + dir + "/";
        Map<ProcessHandle, String> jvms = new LinkedHashMap<>(); // each with its marker, read before it is gone
        ProcessHandle.allProcesses().forEach(h -> h.info().arguments().flatMap(args -> Arrays.stream(args)
                .filter(a -> a.startsWith(marker)).findFirst()).ifPresent(a -> jvms.put(h, a.substring(marker.length()))));
        jvms.forEach((jvm, name) -> {
            jvm.destroyForcibly();
            stopped.add("pid " + jvm.pid() + " (" + name + ")");
        });
        for (ProcessHandle jvm : jvms.keySet()) {
            jvm.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> jvm).join();
        }
        // then each postmaster a killed JVM leaves, by its data directory's postmaster.pid
        try (Stream<Path> pidFiles = Files.find(dir, 5, (p, a) -> p.getFileName().toString().equals("postmaster.pid"))) {
            for (Path pidFile : pidFiles.toList()) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").contains("postgres")).ifPresent(postmaster -> {
                    try {
                        new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start().waitFor();
                        postmaster.onExit().get(20, TimeUnit.SECONDS);
                        stopped.add("PostgreSQL pid " + pid + " (" + dir.relativize(pidFile.getParent()) + ")");
                    } catch (Exception e) {
                        FleetResource.log("could not stop the PostgreSQL of %s: %s", pidFile.getParent(), e);
                    }
                });
            }
        }
        if (!stopped.isEmpty()) {
            FleetResource.log("stopped what a dead test JVM left running in %s: %s", dir, stopped);
        }
        return stopped;
    }

    static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            FleetResource.log("could not delete %s: %s", dir, e);
        }
    }
}
