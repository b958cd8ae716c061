package io.ucfleet.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the extension does before any process starts: a tree without jars fails the class with
 * a message naming {@code ucfleet.home}, and a wrongly typed {@code @UcfleetFleet.Inject} field
 * is named before anything starts. The fleet itself is proven where the jars exist:
 * {@code deploy}'s {@code UcfleetExtensionIT}.
 */
class UcfleetExtensionTest {
    private final String homeBefore = System.getProperty(Sources.HOME_PROPERTY);

    @AfterEach
    void restoreHome() {
        if (homeBefore == null) {
            System.clearProperty(Sources.HOME_PROPERTY);
        } else {
            System.setProperty(Sources.HOME_PROPERTY, homeBefore);
        }
    }

    @UcfleetFleet(topology = "topologies/tiny.yaml")
    static class Unbuilt {
        static Fleet fleet;

        @Test
        void one() {
        }

        @Test
        void two(Fleet parameter) {
        }
    }

    @UcfleetFleet(topology = "topologies/tiny.yaml")
    static class WrongField {
        @UcfleetFleet.Inject
        static String fleet;

        @Test
        void one() {
        }
    }

    @Test
    void withoutBuiltJarsEveryTestFailsNamingUcfleetHome(@TempDir Path empty) {
        System.setProperty(Sources.HOME_PROPERTY, empty.toString());
        FixtureRun run = FixtureRun.of(Unbuilt.class);
        assertEquals(List.of(), run.passed());
        assertEquals(List.of("UcfleetExtensionTest$Unbuilt"), run.failed(), "the class fails in @BeforeAll: " + run.failures());
        String message = run.failures().get(0).getMessage();
        assertTrue(message.contains("-Ducfleet.home=" + empty + " has no node-service/target/quarkus-app/quarkus-run.jar"), message);
        assertNull(Unbuilt.fleet);
    }

    @Test
    void anInjectFieldThatIsNoFleetIsAConfigurationErrorBeforeAnythingStarts(@TempDir Path empty) {
        System.setProperty(Sources.HOME_PROPERTY, empty.toString()); // would fail differently if a start were tried
        FixtureRun run = FixtureRun.of(WrongField.class);
        assertEquals(1, run.failures().size(), run.failed().toString());
        Throwable failure = run.failures().get(0);
        assertTrue(failure instanceof ExtensionConfigurationException, failure.toString());
        assertEquals("@UcfleetFleet.Inject on " + WrongField.class.getName() + ".fleet: the field must be a non-final "
                + Fleet.class.getName(), failure.getMessage());
    }
}
