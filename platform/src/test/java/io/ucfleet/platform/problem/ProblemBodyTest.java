package io.ucfleet.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one renderer: the same five members, in order, from every service; nothing of a 500 but where the log has it. */
class ProblemBodyTest {

    @Test
    void everyBodyHasTheFiveMembersInOrderThenItsExtensions() {
        var body = ProblemBody.of(new DomainProblem(ProblemType.ISSUER_CHAIN_MISSING, "The issuer \"Root\" is not trusted.",
                Map.of("missingIssuer", "CN=Root")));
        assertEquals(List.of("type", "title", "status", "detail", "instance", "missingIssuer"), List.copyOf(body.keySet()));
        assertEquals("urn:ucfleet:problem:issuer-chain-missing", body.get("type"));
        assertEquals(ProblemType.ISSUER_CHAIN_MISSING.title, body.get("title"));
        assertEquals(400, body.get("status"));
        assertTrue(((String) body.get("instance")).startsWith("urn:uuid:"));
    }

    @Test
    void anInternalErrorSaysOnlyWhereTheLogHasIt() {
        var body = ProblemBody.of(ProblemType.INTERNAL, "java.sql.SQLException: relation \"x\" does not exist",
                Map.of("stack", "at ..."), "urn:uuid:1234");
        assertEquals("An internal error occurred; it was logged as urn:uuid:1234.", body.get("detail"));
        assertFalse(body.containsKey("stack"));
    }

    @Test
    void slugsAreUniqueAndStatusesAreHttpErrors() {
        assertEquals(ProblemType.values().length,
                java.util.Arrays.stream(ProblemType.values()).map(t -> t.slug).distinct().count());
        for (ProblemType t : ProblemType.values()) {
            // the one redirect: plain HTTP to the HTTPS API (a problem body beside its Location)
            assertTrue(t.status >= 400 && t.status < 600 || t == ProblemType.HTTPS_REQUIRED && t.status == 302, t + " " + t.status);
            assertTrue(t.slug.matches("[a-z0-9]+(-[a-z0-9]+)*"), t.slug);
        }
    }
}
