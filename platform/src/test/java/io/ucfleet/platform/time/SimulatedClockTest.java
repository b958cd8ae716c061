package io.ucfleet.platform.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    private static final Instant HOST = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void runsAheadOrBehindTheHostByTheOffsetAndBackAgain() {
        SimulatedClock clock = new SimulatedClock(Clock.fixed(HOST, ZoneOffset.UTC));
        assertEquals(HOST, clock.instant());
        clock.offset(Duration.ofDays(30));
        assertEquals(Instant.parse("2026-12-31T12:00:00Z"), clock.instant());
        clock.offset(Duration.ofHours(-1));
        assertEquals(Instant.parse("2026-12-01T11:00:00Z"), clock.instant());
        clock.offset(Duration.ZERO);
        assertEquals(HOST, clock.instant());
    }

    @Test
    void refusesAnOffsetBeyondAHundredYearsAndKeepsTheOldOne() {
        SimulatedClock clock = new SimulatedClock(Clock.fixed(HOST, ZoneOffset.UTC));
        clock.offset(Duration.ofDays(1));
        assertThrows(IllegalArgumentException.class, () -> clock.offset(Duration.ofDays(365L * 101)));
        assertEquals(Duration.ofDays(1), clock.offset());
    }
}
