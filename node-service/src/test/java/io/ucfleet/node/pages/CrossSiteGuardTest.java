package io.ucfleet.node.pages;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The synchronizer token and the origin check, without a server. */
class CrossSiteGuardTest {
    private static final URI SELF = URI.create("https://cucm-pub.ucfleet.test:8443/");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static CrossSiteGuard guardAt(Instant now) {
        CrossSiteGuard guard = new CrossSiteGuard();
        guard.clock = Clock.fixed(now, ZoneOffset.UTC);
        return guard;
    }

    @Test
    void acceptsItsOwnTokenFromThisOriginOrWithoutOriginHeaders() {
        CrossSiteGuard guard = guardAt(NOW);
        String token = guard.token("admin");
        assertDoesNotThrow(() -> guard.check("admin", token, "https://cucm-pub.ucfleet.test:8443", null, SELF));
        assertDoesNotThrow(() -> guard.check("admin", token, null, "https://cucm-pub.ucfleet.test:8443/cmplatform/upload", SELF));
        assertDoesNotThrow(() -> guard.check("admin", token, null, null, SELF));
    }

    @Test
    void refusesAMissingTamperedOrOtherAccountsToken() {
        CrossSiteGuard guard = guardAt(NOW);
        String token = guard.token("admin");
        for (String bad : new String[] {null, "", "garbage", token + "x", "9" + token, guard.token("auditor")}) {
            PageRefusal refusal = assertThrows(PageRefusal.class, () -> guard.check("admin", bad, null, null, SELF), bad);
            assertEquals(403, refusal.status);
            assertTrue(refusal.getMessage().endsWith("Nothing was changed."));
        }
    }

    @Test
    void refusesATokenOfAnotherProcessOrPastItsExpiry() {
        String token = guardAt(NOW).token("admin");
        assertThrows(PageRefusal.class, () -> guardAt(NOW).check("admin", token, null, null, SELF));
        CrossSiteGuard guard = guardAt(NOW);
        String expiring = guard.token("admin");
        guard.clock = Clock.fixed(NOW.plus(Duration.ofHours(9)), ZoneOffset.UTC);
        assertThrows(PageRefusal.class, () -> guard.check("admin", expiring, null, null, SELF));
    }

    @Test
    void refusesAnotherOriginOrRefererEvenWithAGoodToken() {
        CrossSiteGuard guard = guardAt(NOW);
        String token = guard.token("admin");
        for (String origin : new String[] {"https://evil.example", "null", "http://cucm-pub.ucfleet.test:8443",
                "https://cucm-pub.ucfleet.test:8443.evil.example"}) {
            assertThrows(PageRefusal.class, () -> guard.check("admin", token, origin, null, SELF), origin);
        }
        assertThrows(PageRefusal.class, () -> guard.check("admin", token, null, "https://cucm-pub.ucfleet.test:8443.evil/x", SELF));
    }
}
