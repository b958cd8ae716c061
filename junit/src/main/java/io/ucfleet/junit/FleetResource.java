package io.ucfleet.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ucfleet.fleet.launcher.Launcher;
import io.ucfleet.fleet.launcher.StateDir;
import io.ucfleet.fleet.process.Ports;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Topology;

/**
 * A fleet started for tests and what stops it: kept in an ExtensionContext store (closed with
 * the class, or with the root context for {@link UcfleetFleet.Scope#SUITE}) and by a JVM
 * shutdown hook, whichever comes first. A failed start is remembered, so every test asking for
 * the fleet fails with the same message instead of starting it again.
 */
final class FleetResource implements AutoCloseable {
    static final String KEEP_STATE_PROPERTY = "ucfleet.junit.keep-state";

    /** What the annotation asks for; equal specs share a SUITE fleet. */
    record Spec(String topology, List<String> jvmOptions, int readyTimeoutSeconds, int parallel) {
        static Spec of(UcfleetFleet annotation) {
            return new Spec(annotation.topology(), List.of(annotation.jvmOptions()), annotation.readyTimeoutSeconds(),
                    annotation.parallel());
        }
    }

    private final Spec spec;
    private Fleet fleet;
    private RuntimeException failure;
    private Launcher launcher;
    private StateDir state;
    private Thread hook;
    private volatile boolean testsFailed;
    private boolean closed;

    private FleetResource(Spec spec) {
        this.spec = spec;
    }

    /** Starts the fleet; never throws: a failure is kept and thrown by {@link #fleet()}. */
    static FleetResource start(Spec spec, ClassLoader loader) {
        FleetResource r = new FleetResource(spec);
        try {
            r.fleet = r.startFleet(loader);
        } catch (RuntimeException e) {
            r.failure = e;
        }
        return r;
    }

    Fleet fleet() {
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return fleet;
    }

    void testFailed() {
        testsFailed = true;
    }

    private Fleet startFleet(ClassLoader loader) {
        Topology topology = Sources.topology(spec.topology(), loader);
        Path home = Sources.home(System.getProperty(Sources.HOME_PROPERTY), Path.of(System.getProperty("user.dir")));
        Sources.requireJars(home, topology);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Orphans.reap(tmp);
        int[] span = PortLayout.span(topology); // as FleetCommand's --port-base auto
        topology = topology.withPortBase(Ports.claimBlock(Math.max(0, -span[0]), span[1] + 1));
        try {
            // createTempDirectory makes it rwx------: it holds the fleet's passwords and keys
            state = new StateDir(Files.createTempDirectory(tmp, Orphans.PREFIX + topology.name() + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory in " + tmp, e);
        }
        Orphans.own(state.root);
        launcher = new Launcher(topology, state, home, spec.jvmOptions(), true);
        hook = new Thread(this::close, "ucfleet-" + topology.name() + "-down");
        Runtime.getRuntime().addShutdownHook(hook);
        Duration readyTimeout = Duration.ofSeconds(spec.readyTimeoutSeconds());
        int parallel = spec.parallel() > 0 ? spec.parallel() : Runtime.getRuntime().availableProcessors();
        log("starting %s: %d processes, %d at a time, port base %d (state and logs: %s)", topology.name(),
                launcher.placed().size(), parallel, topology.ports().base(), state.root);
        long t0 = System.nanoTime();
        List<Launcher.Started> failed;
        try {
            failed = launcher.up(parallel, readyTimeout, s -> log("  %-22s %s after %.1f s", s.name(), s.ok() ? "ready" : "FAILED",
                    s.millis() / 1000.0)).stream().filter(s -> !s.ok()).toList();
        } catch (RuntimeException e) {
            testsFailed = true; // keep the logs
            close();
            throw new IllegalStateException("ucfleet: " + topology.name() + " did not start: " + e.getMessage()
                    + "\nstate and logs: " + state.root, e);
        }
        if (!failed.isEmpty()) {
            testsFailed = true;
            close();
            StringBuilder message = new StringBuilder("ucfleet: " + topology.name() + " did not start");
            for (Launcher.Started f : failed) {
                message.append("\n").append(f.name()).append(" failed to start: ").append(f.detail());
            }
            message.append("\nstate and logs: ").append(state.root);
            throw new IllegalStateException(message.toString());
        }
        log("%s is up after %.1f s", topology.name(), (System.nanoTime() - t0) / 1e9);
        return new Fleet(topology, state, home, launcher, readyTimeout);
    }

    /** Stops every process (and any PostgreSQL left behind); deletes the state directory unless a test failed. */
    @Override
    public synchronized void close() {
        if (closed || launcher == null) {
            return;
        }
        closed = true;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway; this close got here first
            }
        }
        long t0 = System.nanoTime();
        List<String> stopped = launcher.down();
        List<String> left = new ArrayList<>();
        for (PortLayout.Placed p : launcher.placed()) {
            ServiceProcess process = launcher.process(p.name());
            if (process.isRunning()) {
                left.add(p.name() + " (pid " + process.pid().orElse(-1L) + ")");
            }
            process.postmaster().ifPresent(pm -> left.add(p.name() + "'s PostgreSQL (pid " + pm.pid() + ")"));
        }
        log("stopped %s: %d processes in %.1f s", launcher.topology().name(), stopped.size(), (System.nanoTime() - t0) / 1e9);
        if (!left.isEmpty()) {
            throw new IllegalStateException("ucfleet: still running after down: " + left + " (state: " + state.root + ")");
        }
        if (testsFailed || Boolean.getBoolean(KEEP_STATE_PROPERTY)) {
            try {
                Files.deleteIfExists(state.root.resolve(Orphans.OWNER)); // nothing runs: not for the next run to reap
            } catch (IOException e) {
                log("could not delete %s: %s", state.root.resolve(Orphans.OWNER), e);
            }
            log("kept %s (logs: <name>/<name>.log)", state.root);
        } else {
            Orphans.delete(state.root);
        }
    }

    static void log(String format, Object... args) {
        System.out.println("[ucfleet] " + String.format(format, args));
    }
}
