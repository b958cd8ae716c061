package io.ucfleet.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ucfleet.fleet.launcher.Launcher;
import io.ucfleet.fleet.topology.PortLayout;
import io.ucfleet.fleet.topology.Topology;
import io.ucfleet.fleet.topology.TopologyFile;

/** Where the annotation's topology and the built jars come from. */
final class Sources {
    static final String HOME_PROPERTY = "ucfleet.home";
    /** The jar whose presence marks a built ucfleet tree. */
    static final String MARKER_JAR = "node-service/target/quarkus-app/quarkus-run.jar";

    private Sources() {
    }

    /** A shipped name, a file, or a classpath resource (of {@code loader}); each refusal names what was tried. */
    static Topology topology(String spec, ClassLoader loader) {
        if (TopologyFile.SHIPPED.contains(spec)) {
            return TopologyFile.shipped(spec);
        }
        boolean explicitResource = spec.startsWith("classpath:");
        String resource = (explicitResource ? spec.substring("classpath:".length()) : spec).replaceFirst("^/+", "");
        if (!explicitResource) {
            Path file = Path.of(spec);
            if (Files.isRegularFile(file)) {
                return TopologyFile.load(file.toString());
            }
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                return TopologyFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + resource, e);
        }
        throw new IllegalArgumentException("@UcfleetFleet(topology = \"" + spec + "\"): not a shipped topology ("
                + String.join(", ", TopologyFile.SHIPPED) + ")" + (explicitResource ? "" : ", no file "
                        + Path.of(spec).toAbsolutePath().normalize() + ",") + " and no classpath resource " + resource);
    }

    /**
     * The built tree the launcher runs jars from: {@code -Ducfleet.home}, else the first of the
     * working directory and its parents that has {@link #MARKER_JAR}.
     */
    static Path home(String property, Path workingDir) {
        if (property != null && !property.isBlank()) {
            Path home = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isRegularFile(home.resolve(MARKER_JAR))) {
                throw new IllegalStateException("-D" + HOME_PROPERTY + "=" + property + " has no " + MARKER_JAR
                        + "; point it at a ucfleet checkout whose services are built (./mvnw -o package -Dmaven.test.skip=true)");
            }
            return home;
        }
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER_JAR))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ucfleet build found: " + HOME_PROPERTY + " is not set, and neither "
                + workingDir.toAbsolutePath().normalize() + " (user.dir) nor a parent has " + MARKER_JAR
                + "; set -D" + HOME_PROPERTY + "=<a ucfleet checkout with its services built>");
    }

    /** Every jar the topology needs, or one message naming each missing one. */
    static void requireJars(Path home, Topology topology) {
        List<Path> missing = PortLayout.of(topology).stream().map(p -> Launcher.artifact(home, p.service())).distinct()
                .filter(jar -> !Files.isRegularFile(jar)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("topology " + topology.name() + " needs " + missing
                    + "; build them in " + home + ": ./mvnw -o package -Dmaven.test.skip=true -pl node-service,cluster-sync,ctl-service,lab-ca -am");
        }
    }
}
