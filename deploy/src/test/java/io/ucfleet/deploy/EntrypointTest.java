package io.ucfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The images' entrypoint (deploy/docker/entrypoint.sh): a node's key-encryption key mounted as
 * a file reaches the JVM as UCFLEET_NODE_KEY_ENCRYPTION_KEY, never on the command line; a
 * missing file stops the container with a message naming it. A stand-in `java` on the PATH
 * records what the real one would get.
 */
class EntrypointTest {
    static final Path ENTRYPOINT = Path.of("docker", "entrypoint.sh");

    record Run(int exit, String output) {
    }

    static Run entrypoint(Path bin, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", ENTRYPOINT.toString(), "--extra").redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    static Path fakeJava() throws Exception {
        Path bin = Files.createTempDirectory("ucfleet-entrypoint");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"args: $*\"\necho \"kek: ${UCFLEET_NODE_KEY_ENCRYPTION_KEY:-unset}\"\n"
                + "echo \"kek file: ${UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE:-unset}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void theKeyFileBecomesTheVariableAndNeverAnArgument() throws Exception {
        Path bin = fakeJava();
        Path kek = bin.resolve("cucm-pub-0");
        Files.writeString(kek, "c2VjcmV0LWtleS1lbmNyeXB0aW9uLWtleS0zMmJ5dGVz");
        Run run = entrypoint(bin, Map.of("UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE", kek.toString(), "JAVA_OPTS", "-Xmx100m"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("args: -Xmx100m -jar /deployments/quarkus-run.jar --extra"), run.output());
        assertTrue(run.output().contains("kek: c2VjcmV0LWtleS1lbmNyeXB0aW9uLWtleS0zMmJ5dGVz"), run.output());
        assertTrue(run.output().contains("kek file: unset"), run.output());
    }

    @Test
    void aMissingKeyFileStopsTheContainerNamingIt() throws Exception {
        Run run = entrypoint(fakeJava(), Map.of("UCFLEET_NODE_KEY_ENCRYPTION_KEY_FILE", "/var/run/secrets/ucfleet/kek/cucm-sub-1"));
        assertEquals(1, run.exit());
        assertTrue(run.output().contains("no key-encryption key at /var/run/secrets/ucfleet/kek/cucm-sub-1"), run.output());
        assertTrue(!run.output().contains("args:"), "java must not start");
    }

    @Test
    void withoutAKeyFileTheEnvironmentIsPassedAsItIs() throws Exception {
        Run run = entrypoint(fakeJava(), Map.of());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("-jar /deployments/quarkus-run.jar"), run.output());
    }
}
