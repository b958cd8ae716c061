package io.ucfleet.node.certmonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The real monitor's schedule: daily; hourly once a certificate expires within a day; not at seven days. */
class ExpiryScheduleTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void runsDailyAndHourlyNearExpiryOnly() {
        assertEquals(Duration.ofHours(24), ExpirySchedule.interval(false));
        assertEquals(Duration.ofHours(1), ExpirySchedule.interval(true));
        assertFalse(ExpirySchedule.nearExpiry(NOW.plus(Duration.ofDays(7)), NOW), "seven days out is still daily");
        assertTrue(ExpirySchedule.nearExpiry(NOW.plus(Duration.ofHours(23)), NOW));
        assertTrue(ExpirySchedule.nearExpiry(NOW.minusSeconds(1), NOW), "expired");
        assertTrue(ExpirySchedule.runDue(null, NOW, false), "never ran");
        assertFalse(ExpirySchedule.runDue(NOW.minus(Duration.ofHours(23)), NOW, false));
        assertTrue(ExpirySchedule.runDue(NOW.minus(Duration.ofHours(24)), NOW, false));
        assertTrue(ExpirySchedule.runDue(NOW.minus(Duration.ofHours(1)), NOW, true));
        assertTrue(ExpirySchedule.runDue(NOW.plus(Duration.ofDays(3)), NOW, false), "the clock was moved back");
    }

    @Test
    void notifiesFromTheStartDaysThenAtTheFrequencyAndHourlyNearExpiry() {
        Instant notAfter = NOW.plus(Duration.ofDays(10));
        assertTrue(ExpirySchedule.inWindow(notAfter, NOW, 10));
        assertFalse(ExpirySchedule.inWindow(notAfter, NOW, 9));
        Duration twoDays = Duration.ofDays(2);
        assertTrue(ExpirySchedule.notificationDue(notAfter, null, NOW, twoDays));
        assertFalse(ExpirySchedule.notificationDue(notAfter, NOW.minus(Duration.ofDays(1)), NOW, twoDays));
        assertTrue(ExpirySchedule.notificationDue(notAfter, NOW.minus(twoDays), NOW, twoDays));
        Instant soon = NOW.plus(Duration.ofHours(5));
        assertTrue(ExpirySchedule.notificationDue(soon, NOW.minus(Duration.ofHours(1)), NOW, twoDays), "hourly near expiry");
        assertFalse(ExpirySchedule.notificationDue(soon, NOW.minus(Duration.ofMinutes(30)), NOW, twoDays));
    }
}
