package io.ucfleet.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ucfleet.fleet.process.ServiceProcess;

/**
 * A test JVM killed with SIGKILL leaves its detached processes running; the next fleet stops
 * them. Small JVMs stand in for the launcher's: they carry its marker argument.
 */
class OrphansTest {

    /** Stands in for a launcher's JVM: a JVM that carries its marker and runs until killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(120_000);
        }
    }

    static Process marked(Path stateDir, String name) throws Exception {
        String marker = "-D" + ServiceProcess.MARKER_PROPERTY + "=" + stateDir.resolve(name);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m", marker,
                "-cp", System.getProperty("java.class.path"), Sleeper.class.getName()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // until the JDK's spawn helper has exec'd java, the process shows the helper's arguments
        while (!p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the JVM never showed its arguments");
            Thread.sleep(20);
        }
        return p;
    }

    @Test
    void theProcessesOfADeadOwnersStateDirectoryAreStoppedAndItIsDeletedWhileALiveOwnersStay(@TempDir Path tmp) throws Exception {
        Path dead = Files.createDirectory(tmp.resolve(Orphans.PREFIX + "lab-1"));
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(dead.resolve(Orphans.OWNER), exited.pid() + " 2000-01-01T00:00:00Z\n");
        Path alive = Files.createDirectory(tmp.resolve(Orphans.PREFIX + "lab-2"));
        Orphans.own(alive);
        Path unowned = Files.createDirectory(tmp.resolve(Orphans.PREFIX + "lab-3")); // kept after failed tests: no owner
        Process orphan = marked(dead, "cucm-pub");
        Process live = marked(alive, "cucm-pub");
        Process keptOnes = marked(unowned, "cucm-pub");
        try {
            List<String> reaped = Orphans.reap(tmp);
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphan is stopped");
            assertEquals(List.of("pid " + orphan.pid() + " (cucm-pub)"), reaped);
            assertFalse(Files.exists(dead));
            assertTrue(live.isAlive(), "a live owner's process is left alone");
            assertTrue(keptOnes.isAlive(), "a directory without owner is never reaped");
            assertTrue(Files.exists(alive) && Files.exists(unowned));
        } finally {
            for (Process p : List.of(orphan, live, keptOnes)) {
                p.destroyForcibly();
            }
        }
    }
}
