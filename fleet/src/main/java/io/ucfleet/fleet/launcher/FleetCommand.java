package io.ucfleet.fleet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.ucfleet.fleet.process.Ports;
import io.ucfleet.fleet.process.ServiceProcess;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Topology;
import io.ucfleet.fleet.topology.TopologyFile;

/**
 * The local launcher's commands ({@code deploy/local/cluster} runs them after building the jars):
 * {@code up}, {@code status}, {@code down}, {@code reset}, {@code logs} and {@code topology}.
 * Exit status 0 on success, 1 when a command fails (one line per problem on stderr), 2 on a
 * usage error.
 */
public final class FleetCommand {
    static final String USAGE = """
            usage: cluster [--state-dir DIR] COMMAND
              up [--topology NAME|FILE] [--port-base N|auto] [--database shared|per-process] [--parallel N]
                 [--ready-timeout SECONDS]
                      start what is not running and wait until every process is ready; without --topology:
                      the topology of the last up, else the default one (shipped: default, lab-small, enterprise);
                      --database: one PostgreSQL server for the fleet, or one per process (default: the
                      topology's; without one there, shared above 4 nodes)
              status  JSON: topology, credentials, and per process its service, role, cluster, FQDN, ports, URLs, pid, state
              down    stop everything (data and secrets are kept for the next up)
              reset [--yes]   down, then delete the state directory (certificates, databases, secrets)
              logs NAME [--follow]   a process's log
              kill|stop|start|pause|resume NAME...   one process down (SIGKILL, or SIGTERM), back up, frozen (SIGSTOP) or thawed;
                      NAME postgres: the shared database server, an outage of every process's database
              fresh [NODE...]        while running: the whole fleet (or these nodes) as freshly installed
              snapshot FILE          the whole fleet's state (certificates, trust stores, CSRs, sealed keys, CTL) to FILE
              restore FILE           the whole fleet back to a snapshot of it
              clock OFFSET [NODE...] move the nodes' clock (ISO-8601, e.g. P30D; PT0S: the host's time again)
              fault replication-delay DURATION|clear   every cluster-sync delivers changes that much later
              fault http NODE... --path PREFIX [--method M] [--status N] [--latency D] [--probability P]
                      the nodes answer matching requests with that status and/or after that latency
              scenario expiring DAYS [NODE...] [--unit UNIT]...   identities that expire in DAYS days
              scenario expired-trust [--store STORE] [--days-ago N]  an expired CA in each cluster's STORE (tomcat-trust)
              scenario mixed-mode                                 every Unified CM cluster in mixed mode
              scenario ca-signed [NODE...] [--unit UNIT] [--profile copy-extensions|public-ca]
                      the nodes' UNIT (tomcat) signed by the lab CA through their own API, chain in its trust store
              fault list | fault clear   every node's HTTP faults and every cluster-sync's delay; or none of them
              topology validate FILE|NAME   check a topology file and print its processes and ports
              topology show NAME            print a shipped topology
            environment: UCFLEET_LOCAL_PORT_BASE (as --port-base), UCFLEET_LOCAL_JAVA_OPTS (extra JVM options),
              UCFLEET_LOCAL_READY_TIMEOUT (seconds, default 180), UCFLEET_LOCAL_PARALLEL (default: the cores)
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path repo;

    FleetCommand(PrintStream out, PrintStream err, Map<String, String> env, Path repo) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.repo = repo;
    }

    public static void main(String[] args) {
        Path repo = Path.of(System.getProperty("ucfleet.repo", ".")).toAbsolutePath().normalize();
        int status = new FleetCommand(System.out, System.err, System.getenv(), repo).run(args);
        System.exit(status);
    }

    int run(String[] arguments) {
        Deque<String> args = new ArrayDeque<>(Arrays.asList(arguments));
        Path stateDir = repo.resolve("deploy/local/.state");
        if ("--state-dir".equals(args.peek())) {
            args.pop();
            if (args.isEmpty()) {
                return usage("--state-dir needs a directory");
            }
            stateDir = Path.of(args.pop());
        }
        if (args.isEmpty()) {
            return usage(null);
        }
        StateDir state = new StateDir(stateDir);
        String command = args.pop();
        try {
            return switch (command) {
                case "up" -> up(state, args);
                case "status" -> status(state);
                case "down" -> down(state);
                case "reset" -> reset(state, args);
                case "logs" -> logs(state, args);
                case "topology" -> topology(args);
                case "kill", "stop", "start", "pause", "resume" -> signal(state, command, args);
                case "fresh" -> fresh(state, args);
                case "snapshot" -> snapshot(state, args);
                case "restore" -> restore(state, args);
                case "clock" -> clock(state, args);
                case "fault" -> fault(state, args);
                case "scenario" -> scenario(state, args);
                case "running" -> running(state); // for the wrapper: exit 0 if any process of the fleet runs
                case "help", "-h", "--help" -> usage(null);
                default -> usage("unknown command \"" + command + "\"");
            };
        } catch (TopologyFile.Invalid | LauncherException e) {
            err.println("cluster: " + e.getMessage());
            return 1;
        } catch (Usage e) {
            return usage(e.getMessage());
        }
    }

    private static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    private int usage(String problem) {
        if (problem != null) {
            err.println("cluster: " + problem);
        }
        err.print(USAGE);
        return 2;
    }

    private static String value(Deque<String> args, String option) {
        if (args.isEmpty() || args.peek().startsWith("--")) {
            throw new Usage(option + " needs a value");
        }
        return args.pop();
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Usage(option + " must be a number, got \"" + text + "\"");
        }
    }

    /** The topology the state remembers (what the last up started), if any. */
    private static Optional<Topology> remembered(StateDir state) {
        if (!Files.exists(state.topologyFile())) {
            return Optional.empty();
        }
        return Optional.of(TopologyFile.load(state.topologyFile().toString()));
    }

    private Launcher inspect(StateDir state) {
        Topology topology = remembered(state).orElseGet(() -> withEnvBase(TopologyFile.shipped("default")));
        return new Launcher(topology, state, repo, List.of(), false);
    }

    /** Whether a fleet's processes have kept data in the databases its topology chose. */
    private static boolean hasData(StateDir state, Topology t) {
        return PortLayout.of(t).stream().filter(p -> t.database() == Topology.Database.SHARED
                ? p.service() == PortLayout.Service.POSTGRES : true)
                .anyMatch(p -> Files.exists(state.of(p.name()).resolve("data/postgres/PG_VERSION")));
    }

    private Topology withEnvBase(Topology t) {
        String base = env.get("UCFLEET_LOCAL_PORT_BASE");
        return base == null || base.isBlank() ? t : t.withPortBase(portBase(base, t));
    }

    private static int portBase(String text, Topology t) {
        if ("auto".equals(text)) {
            int[] span = PortLayout.span(t);
            return Ports.claimBlock(Math.max(0, -span[0]), span[1] + 1);
        }
        int base = number(text, "the port base");
        if (base < 1024 || base > 65000) {
            throw new LauncherException("the port base must be between 1024 and 65000, got " + base);
        }
        return base;
    }

    private int up(StateDir state, Deque<String> args) throws Usage {
        String topologyArg = null;
        String databaseArg = null;
        String baseArg = env.get("UCFLEET_LOCAL_PORT_BASE");
        int parallel = number(env.getOrDefault("UCFLEET_LOCAL_PARALLEL",
                Integer.toString(Runtime.getRuntime().availableProcessors())), "UCFLEET_LOCAL_PARALLEL");
        int timeout = number(env.getOrDefault("UCFLEET_LOCAL_READY_TIMEOUT", "180"), "UCFLEET_LOCAL_READY_TIMEOUT");
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--topology" -> topologyArg = value(args, option);
                case "--port-base" -> baseArg = value(args, option);
                case "--database" -> databaseArg = value(args, option);
                case "--parallel" -> parallel = number(value(args, option), option);
                case "--ready-timeout" -> timeout = number(value(args, option), option);
                case "--no-build" -> {
                    // the wrapper's option; the jars are built (or not) before this runs
                }
                default -> throw new Usage("up: unknown option \"" + option + "\"");
            }
        }
        try (AutoCloseable lock = state.lock()) {
            Optional<Topology> before = remembered(state);
            Topology wanted = topologyArg != null ? TopologyFile.load(topologyArg)
                    : before.orElseGet(() -> TopologyFile.shipped("default"));
            if (databaseArg != null) {
                String name = databaseArg;
                wanted = wanted.withDatabase(Topology.Database.of(name)
                        .orElseThrow(() -> new Usage("--database: \"" + name + "\" is neither shared nor per-process")));
            }
            if (before.isPresent() && before.get().database() != wanted.database() && hasData(state, before.get())) {
                throw new LauncherException("the data of " + before.get().name() + " is in " + before.get().database().name
                        + " databases; to start it with " + wanted.database().name + " ones, reset first (or --database "
                        + before.get().database().name + ")");
            }
            if (baseArg != null && !baseArg.isBlank()) {
                wanted = wanted.withPortBase(portBase(baseArg, wanted));
            } else if (topologyArg != null && before.isPresent() && before.get().name().equals(wanted.name())) {
                wanted = wanted.withPortBase(before.get().ports().base()); // the same fleet keeps its ports
            }
            if (before.isPresent() && !before.get().equals(wanted)) {
                Launcher running = new Launcher(before.get(), state, repo, List.of(), false);
                boolean anyRunning = running.placed().stream().anyMatch(p -> running.process(p.name()).isRunning());
                if (anyRunning) {
                    throw new LauncherException("the fleet " + before.get().name() + " (port base " + before.get().ports().base()
                            + ") is running; run down first to start another topology or port base");
                }
            }
            Launcher launcher = new Launcher(wanted, state, repo, jvmOptions(), true);
            for (PortLayout.Placed p : launcher.placed()) {
                Path jar = Launcher.artifact(repo, p.service());
                if (!Files.exists(jar)) {
                    throw new LauncherException("missing " + jar + "; build first (deploy/local/cluster up builds it)");
                }
            }
            Files.writeString(state.topologyFile(), Topologies.yaml(wanted));
            long running = launcher.placed().stream().filter(p -> "running".equals(launcher.state(p.name()))).count();
            if (running == launcher.placed().size()) {
                out.println(wanted.name() + " is already up (cluster status for details)");
                return 0;
            }
            out.printf("starting %s: %d processes, %d at a time (logs in %s/<name>/<name>.log) ...%n", wanted.name(),
                    launcher.placed().size() - running, parallel, state.root);
            long t0 = System.nanoTime();
            List<Launcher.Started> outcomes = launcher.up(parallel, Duration.ofSeconds(timeout), s -> {
                synchronized (out) {
                    out.printf("  %-22s %s after %.1f s (%s)%n", s.name(), s.ok() ? "ready" : "FAILED", s.millis() / 1000.0,
                            s.ok() ? s.detail() : "see below");
                }
            });
            List<Launcher.Started> failed = outcomes.stream().filter(s -> !s.ok()).toList();
            for (Launcher.Started f : failed) {
                err.println("cluster: " + f.name() + " failed to start: " + f.detail());
            }
            if (!failed.isEmpty()) {
                err.println("cluster: the others are left as they are (cluster status; down to stop)");
                return 1;
            }
            out.printf("%n%s is up on %s after %.1f s:%n", wanted.name(), wanted.ip(), (System.nanoTime() - t0) / 1e9);
            for (PortLayout.Placed p : launcher.placed()) {
                out.printf("  %-22s %-16s %s%n", p.name(), p.role().map(r -> r.name).orElse(p.service().name),
                        String.join(" ", p.ports().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
            }
            out.println("accounts: " + Launcher.ADMIN_USER + " (admin), " + Launcher.MONITOR_USER + " (read-only); passwords: "
                    + state.root.resolve("credentials"));
            out.println("details as JSON: cluster status; logs: cluster logs NAME");
            return 0;
        } catch (LauncherException | TopologyFile.Invalid | Usage e) {
            throw e;
        } catch (Exception e) {
            throw new LauncherException(e.toString());
        }
    }

    private List<String> jvmOptions() {
        String extra = env.getOrDefault("UCFLEET_LOCAL_JAVA_OPTS", "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    int status(StateDir state) throws Usage {
        Launcher launcher = inspect(state);
        Topology t = launcher.topology();
        Map<String, String> credentials = state.existingCredentials().orElse(Map.of());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cluster", t.name());
        json.put("topology", t.name());
        json.put("stateDir", state.root.toString());
        json.put("credentials", Map.of(
                "admin", account(Launcher.ADMIN_USER, credentials.get(StateDir.ADMIN_PASSWORD)),
                "readOnly", account(Launcher.MONITOR_USER, credentials.get(StateDir.MONITOR_PASSWORD))));
        List<Map<String, Object>> processes = new ArrayList<>();
        for (PortLayout.Placed p : launcher.placed()) {
            ServiceProcess process = launcher.process(p.name());
            processes.add(Topologies.describe(t, p, process.pid().orElse(null), launcher.state(p.name()),
                    state.log(p.name()).toString()));
        }
        json.put("processes", processes);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } catch (IOException e) {
            throw new LauncherException(e.toString());
        }
        return 0;
    }

    private static Map<String, Object> account(String user, String password) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("username", user);
        a.put("password", password);
        return a;
    }

    private int down(StateDir state) {
        try (AutoCloseable lock = state.lock()) {
            List<String> stopped = inspect(state).down();
            if (stopped.isEmpty()) {
                out.println("nothing is running");
            }
            stopped.forEach(out::println);
            return 0;
        } catch (LauncherException e) {
            throw e;
        } catch (Exception e) {
            throw new LauncherException(e.toString());
        }
    }

    private int reset(StateDir state, Deque<String> args) {
        if (!args.contains("--yes") && !args.contains("-y")) {
            if (System.console() == null) {
                throw new LauncherException("reset deletes all certificates, databases and secrets; confirm with: reset --yes");
            }
            String answer = System.console().readLine("Delete %s (certificates, databases, secrets)? [y/N] ", state.root);
            if (answer == null || !answer.toLowerCase().startsWith("y")) {
                throw new LauncherException("not deleted");
            }
        }
        down(state);
        if (!state.root.getFileName().toString().startsWith(".state") && !Files.exists(state.topologyFile())) {
            throw new LauncherException("refusing to delete " + state.root + ": not a launcher state directory");
        }
        try (var walk = Files.walk(state.root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LauncherException("cannot delete " + state.root + ": " + e.getMessage());
        }
        out.println("deleted " + state.root);
        return 0;
    }

    private int logs(StateDir state, Deque<String> args) {
        if (args.isEmpty()) {
            throw new Usage("logs needs a process name");
        }
        String name = args.pop();
        boolean follow = args.contains("--follow") || args.contains("-f");
        inspect(state).process(name); // names it, or says which names there are
        Path log = state.log(name);
        if (!Files.exists(log)) {
            throw new LauncherException(name + " has no log yet (" + log + ")");
        }
        try {
            if (!follow) {
                Files.copy(log, out);
                return 0;
            }
            Process tail = new ProcessBuilder("tail", "-n", "+1", "-F", log.toString()).inheritIO().start();
            return tail.waitFor();
        } catch (IOException e) {
            throw new LauncherException("cannot read " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private FleetControl control(StateDir state) {
        Launcher launcher = inspect(state);
        String password = state.existingCredentials().map(c -> c.get(StateDir.ADMIN_PASSWORD))
                .orElseThrow(() -> new LauncherException("the fleet was never started (no credentials in " + state.root + ")"));
        List<String> stopped = launcher.placed().stream().filter(p -> !launcher.process(p.name()).isRunning())
                .map(PortLayout.Placed::name).toList();
        if (!stopped.isEmpty()) {
            throw new LauncherException("not running: " + String.join(", ", stopped) + "; run up first");
        }
        return new FleetControl(launcher.topology(), password, state.servicesCaCertificate());
    }

    private List<String> nodeNames(StateDir state, Deque<String> args) {
        Launcher launcher = inspect(state);
        List<String> names = new ArrayList<>(args);
        for (String name : names) {
            if (launcher.process(name) != null && launcher.placed().stream()
                    .noneMatch(p -> p.name().equals(name) && p.service() == PortLayout.Service.NODE)) {
                throw new Usage(name + " is not a node");
            }
        }
        return names;
    }

    private int signal(StateDir state, String command, Deque<String> args) {
        if (args.isEmpty()) {
            throw new Usage(command + " needs process names");
        }
        try (AutoCloseable lock = state.lock()) {
            Topology t = remembered(state).orElseThrow(() -> new LauncherException("the fleet was never started"));
            Launcher launcher = new Launcher(t, state, repo, jvmOptions(), "start".equals(command));
            List<ServiceProcess> processes = args.stream().map(launcher::process).toList();
            for (ServiceProcess p : processes) {
                boolean running = p.isRunning();
                if (!running && !"start".equals(command)) {
                    throw new LauncherException(p.name() + " is not running");
                }
                switch (command) {
                    case "kill" -> p.kill();
                    case "stop" -> p.stop();
                    case "pause" -> p.pause();
                    case "resume" -> p.resume();
                    default -> {
                        if (!running) {
                            p.stopOrphanedPostgres();
                            p.start();
                        }
                        p.awaitReady(Duration.ofSeconds(number(env.getOrDefault("UCFLEET_LOCAL_READY_TIMEOUT", "180"),
                                "UCFLEET_LOCAL_READY_TIMEOUT")));
                    }
                }
                out.println(p.name() + ": " + switch (command) {
                    case "kill" -> "killed (SIGKILL; its PostgreSQL stopped as a crashed host loses it)";
                    case "stop" -> "stopped";
                    case "pause" -> "paused (SIGSTOP): it accepts connections and answers nothing";
                    case "resume" -> "resumed";
                    default -> "ready (pid " + p.pid().orElse(-1L) + ")";
                });
            }
            return 0;
        } catch (LauncherException | Usage e) {
            throw e;
        } catch (Exception e) {
            throw new LauncherException(e.toString());
        }
    }

    private int fresh(StateDir state, Deque<String> args) {
        List<String> nodes = nodeNames(state, args);
        long t0 = System.nanoTime();
        FleetControl control = control(state);
        List<FleetControl.Answer> answers = nodes.isEmpty() ? control.fresh() : control.fresh(nodes);
        out.printf("fresh in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                String.join(", ", answers.stream().map(FleetControl.Answer::process).distinct().toList()));
        return 0;
    }

    private int snapshot(StateDir state, Deque<String> args) {
        if (args.size() != 1) {
            throw new Usage("snapshot needs a file to write");
        }
        Path file = Path.of(args.pop());
        long t0 = System.nanoTime();
        var snapshot = control(state).snapshot();
        try {
            Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, new ObjectMapper().writeValueAsBytes(snapshot));
            java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(tmp,
                    java.nio.file.attribute.PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.printf("snapshot of %d processes in %.1f s: %s (%d bytes)%n", snapshot.path("processes").size(),
                    (System.nanoTime() - t0) / 1e9, file, Files.size(file));
        } catch (IOException e) {
            throw new LauncherException("cannot write " + file + ": " + e.getMessage());
        }
        return 0;
    }

    private int restore(StateDir state, Deque<String> args) {
        if (args.size() != 1) {
            throw new Usage("restore needs a snapshot file");
        }
        Path file = Path.of(args.pop());
        com.fasterxml.jackson.databind.JsonNode snapshot;
        try {
            snapshot = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new LauncherException("cannot read " + file + " as a snapshot: " + e.getMessage());
        }
        long t0 = System.nanoTime();
        control(state).restore(snapshot);
        out.printf("restored %d processes from %s in %.1f s%n", snapshot.path("processes").size(), file,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private int clock(StateDir state, Deque<String> args) {
        if (args.isEmpty()) {
            throw new Usage("clock needs an offset, e.g. P30D (PT0S: the host's time)");
        }
        Duration offset = duration(args.pop(), "the offset");
        List<String> nodes = nodeNames(state, args);
        control(state).clock(offset, nodes).forEach(a -> out.println(a.process() + ": " + a.body()));
        return 0;
    }

    private int fault(StateDir state, Deque<String> args) {
        String kind = args.isEmpty() ? "" : args.pop();
        switch (kind) {
            case "replication-delay" -> {
                if (args.size() != 1) {
                    throw new Usage("fault replication-delay DURATION|clear");
                }
                String value = args.pop();
                Duration delay = "clear".equals(value) ? Duration.ZERO : duration(value, "the delay");
                control(state).replicationDelay(delay).forEach(a -> out.println(a.process() + ": " + a.body()));
            }
            case "http" -> {
                List<String> nodes = new ArrayList<>();
                while (!args.isEmpty() && !args.peek().startsWith("--")) {
                    nodes.add(args.pop());
                }
                if (nodes.isEmpty()) {
                    throw new Usage("fault http needs node names");
                }
                nodeNames(state, new ArrayDeque<>(nodes));
                Map<String, Object> fault = new LinkedHashMap<>();
                while (!args.isEmpty()) {
                    String option = args.pop();
                    switch (option) {
                        case "--path" -> fault.put("pathPrefix", value(args, option));
                        case "--method" -> fault.put("method", value(args, option));
                        case "--status" -> fault.put("status", number(value(args, option), option));
                        case "--latency" -> fault.put("latency", duration(value(args, option), "the latency").toString());
                        case "--probability" -> {
                            String p = value(args, option);
                            try {
                                fault.put("probability", Double.parseDouble(p));
                            } catch (NumberFormatException e) {
                                throw new Usage("--probability must be a number between 0 and 1, got \"" + p + "\"");
                            }
                        }
                        default -> throw new Usage("fault http: unknown option \"" + option + "\"");
                    }
                }
                try {
                    control(state).httpFault(nodes, new ObjectMapper().writeValueAsString(fault))
                            .forEach(a -> out.println(a.process() + ": " + a.body()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "list" -> control(state).faults().forEach(a -> out.println(a.process() + ": " + a.body()));
            case "clear" -> {
                control(state).clearFaults();
                out.println("no faults");
            }
            default -> throw new Usage("fault replication-delay|http|list|clear");
        }
        return 0;
    }

    private int scenario(StateDir state, Deque<String> args) {
        String kind = args.isEmpty() ? "" : args.pop();
        List<FleetControl.Answer> answers = switch (kind) {
            case "expiring" -> {
                if (args.isEmpty()) {
                    throw new Usage("scenario expiring needs DAYS");
                }
                int days = number(args.pop(), "DAYS");
                List<String> nodes = new ArrayList<>();
                List<String> units = new ArrayList<>();
                while (!args.isEmpty()) {
                    String a = args.pop();
                    if ("--unit".equals(a)) {
                        units.add(value(args, a));
                    } else if (a.startsWith("--")) {
                        throw new Usage("scenario expiring: unknown option \"" + a + "\"");
                    } else {
                        nodes.add(a);
                    }
                }
                nodeNames(state, new ArrayDeque<>(nodes));
                yield control(state).expiring(nodes, units, days);
            }
            case "expired-trust" -> {
                String store = "tomcat-trust";
                int daysAgo = 1;
                while (!args.isEmpty()) {
                    String a = args.pop();
                    switch (a) {
                        case "--store" -> store = value(args, a);
                        case "--days-ago" -> daysAgo = number(value(args, a), a);
                        default -> throw new Usage("scenario expired-trust: unknown option \"" + a + "\"");
                    }
                }
                yield control(state).expiredTrust(store, daysAgo);
            }
            case "mixed-mode" -> control(state).mixedMode();
            case "ca-signed" -> {
                List<String> nodes = new ArrayList<>();
                String unit = "tomcat";
                String profile = "copy-extensions";
                while (!args.isEmpty()) {
                    String a = args.pop();
                    switch (a) {
                        case "--unit" -> unit = value(args, a);
                        case "--profile" -> profile = value(args, a);
                        default -> {
                            if (a.startsWith("--")) {
                                throw new Usage("scenario ca-signed: unknown option \"" + a + "\"");
                            }
                            nodes.add(a);
                        }
                    }
                }
                nodeNames(state, new ArrayDeque<>(nodes));
                yield control(state).caSigned(nodes, unit, profile);
            }
            default -> throw new Usage("scenario expiring|expired-trust|mixed-mode|ca-signed");
        };
        answers.forEach(a -> out.println(a.process() + ": " + a.body()));
        return 0;
    }

    private static Duration duration(String text, String what) {
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Usage(what + " must be an ISO-8601 duration such as P30D or PT2S, got \"" + text + "\"");
        }
    }

    private int running(StateDir state) {
        Launcher launcher = inspect(state);
        return launcher.placed().stream().anyMatch(p -> launcher.process(p.name()).isRunning()) ? 0 : 1;
    }

    private int topology(Deque<String> args) {
        if (args.size() != 2) {
            throw new Usage("topology validate FILE|NAME, or topology show NAME");
        }
        String verb = args.pop();
        String what = args.pop();
        switch (verb) {
            case "validate" -> {
                Topology t = TopologyFile.load(what);
                out.printf("%s: valid; %d clusters, %d nodes, %s databases%n", t.name(), t.clusters().size(), t.nodes().size(),
                        t.database().name);
                for (PortLayout.Placed p : PortLayout.of(t)) {
                    out.printf("  %-22s %-16s %-12s %s%n", p.name(), p.role().map(r -> r.name).orElse(p.service().name),
                            p.cluster().map(Topology.Cluster::name).orElse("(fleet)"), String.join(" ", p.ports().entrySet().stream()
                                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
                }
            }
            case "show" -> out.print(TopologyFile.shippedText(what));
            default -> throw new Usage("topology " + verb + ": expected validate or show");
        }
        return 0;
    }
}
