package io.ucfleet.platform.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cluster-wide order of two changes to one certificate, whatever they are (import or tombstone). */
class VersionOrderTest {

    private static Version v(long version, String origin, boolean present) {
        return new Version("tomcat-trust", "a".repeat(64), present, UUID.randomUUID(), null, version, origin);
    }

    @ParameterizedTest(name = "({0}, {1}) after ({2}, {3}): {4}")
    @CsvSource(textBlock = """
            # version a, origin a, version b, origin b, a after b
            20,          b.test,   10,        c.test,   true
            10,          c.test,   20,        b.test,   false
            10,          b.test,   10,        a.test,   true
            10,          a.test,   10,        b.test,   false
            10,          a.test,   10,        a.test,   false
            1700000000000001, a.test, 1700000000000000, z.test, true
            """)
    void theLaterVersionWinsAndTheOriginBreaksATie(long versionA, String originA, long versionB, String originB,
            boolean after) {
        assertEquals(after, VersionOrder.after(v(versionA, originA, true), v(versionB, originB, false)));
        assertEquals(after, VersionOrder.after(v(versionA, originA, false), v(versionB, originB, true)),
                "a tombstone orders like an import");
        // The change a node applies orders the same way as the versions the full pass compares.
        var change = new Change(1L, UUID.randomUUID(), Change.Operation.IMPORT, "tomcat-trust", "a".repeat(64), new byte[0],
                null, versionA, originA, null);
        assertEquals(after, change.isAfter(versionB, originB));
    }
}
