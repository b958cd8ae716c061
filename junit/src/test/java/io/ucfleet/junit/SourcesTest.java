package io.ucfleet.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ucfleet.fleet.topology.Topology;
import io.ucfleet.fleet.topology.TopologyFile;

/** Where the annotation's topology and the jars come from, and what a user reads when they are not there. */
class SourcesTest {
    static final ClassLoader LOADER = SourcesTest.class.getClassLoader();

    @Test
    void aShippedNameAFileAndAClasspathResourceWithOrWithoutPrefix(@TempDir Path dir) throws Exception {
        assertEquals("ucfleet-local", Sources.topology("default", LOADER).name());
        assertEquals(8, Sources.topology("lab-small", LOADER).nodes().size());
        assertEquals("tiny", Sources.topology("classpath:topologies/tiny.yaml", LOADER).name());
        assertEquals("tiny", Sources.topology("topologies/tiny.yaml", LOADER).name());
        assertEquals("tiny", Sources.topology("/topologies/tiny.yaml", LOADER).name());
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "name: mine\nclusters:\n  - name: c\n    nodes:\n      - {name: a-pub, role: publisher}\n");
        Topology mine = Sources.topology(file.toString(), LOADER);
        assertEquals("mine", mine.name());
        assertEquals("a-pub", mine.nodes().get(0).name());
    }

    @Test
    void anUnknownTopologyNamesEveryPlaceLookedIn() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sources.topology("topologies/nope.yaml", LOADER));
        assertTrue(e.getMessage().contains("not a shipped topology (default, lab-small, enterprise)"), e.getMessage());
        assertTrue(e.getMessage().contains("no file " + Path.of("topologies/nope.yaml").toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains("no classpath resource topologies/nope.yaml"), e.getMessage());
        var resource = assertThrows(IllegalArgumentException.class, () -> Sources.topology("classpath:nope.yaml", LOADER));
        assertTrue(!resource.getMessage().contains("no file"), "a classpath: topology is never a file: " + resource.getMessage());
    }

    @Test
    void aBrokenResourceIsRefusedWithTheValidatorsProblems() {
        var e = assertThrows(TopologyFile.Invalid.class, () -> Sources.topology("topologies/broken.yaml", LOADER));
        assertTrue(e.getMessage().startsWith("classpath:topologies/broken.yaml is not a valid topology"), e.getMessage());
        assertTrue(e.getMessage().contains("clusters[0].nodes[0].role: unknown role \"callmanager\""), e.getMessage());
    }

    @Test
    void theHomeIsThePropertyElseTheFirstParentWithTheNodeJar(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("checkout");
        Files.createDirectories(tree.resolve(Sources.MARKER_JAR).getParent());
        Files.writeString(tree.resolve(Sources.MARKER_JAR), "jar");
        Path module = Files.createDirectories(tree.resolve("my-tests/sub"));
        assertEquals(tree, Sources.home(null, module));
        assertEquals(tree, Sources.home("", tree));
        assertEquals(tree, Sources.home(tree.toString(), dir));

        var notBuilt = assertThrows(IllegalStateException.class, () -> Sources.home(dir.toString(), module));
        assertTrue(notBuilt.getMessage().startsWith("-Ducfleet.home=" + dir + " has no " + Sources.MARKER_JAR), notBuilt.getMessage());
        var none = assertThrows(IllegalStateException.class, () -> Sources.home(null, dir));
        assertTrue(none.getMessage().contains("ucfleet.home is not set, and neither " + dir + " (user.dir) nor a parent has "
                + Sources.MARKER_JAR), none.getMessage());
    }

    @Test
    void missingServiceJarsAreNamedWithTheBuildCommand(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("node-service/target/quarkus-app"));
        Files.writeString(dir.resolve("node-service/target/quarkus-app/quarkus-run.jar"), "jar");
        Topology tiny = Sources.topology("topologies/tiny.yaml", LOADER);
        var e = assertThrows(IllegalStateException.class, () -> Sources.requireJars(dir, tiny));
        assertTrue(e.getMessage().contains(dir.resolve("cluster-sync/target/quarkus-app/quarkus-run.jar").toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("node-service/target"), "the node jar is there: " + e.getMessage());
        assertTrue(!e.getMessage().contains("ctl-service/target"), "tiny has no publisher, so no ctl-service: " + e.getMessage());
        assertTrue(e.getMessage().contains("./mvnw -o package -Dmaven.test.skip=true"), e.getMessage());
    }
}
