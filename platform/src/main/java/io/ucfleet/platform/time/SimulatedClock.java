package io.ucfleet.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock a ucfleet process's domain code reads: the host's UTC clock moved by an offset the
 * management API sets ({@code PUT /ucfleet/v1/clock}), so a test can reach "expires in 30
 * days" without waiting. Only domain time moves: TLS handshakes, logs and timeouts keep the
 * host's.
 */
public final class SimulatedClock extends Clock {
    /** Further than any certificate validity a test could want; keeps Instant arithmetic far from overflow. */
    public static final Duration MAX_OFFSET = Duration.ofDays(365L * 100);

    private final Clock host;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public SimulatedClock(Clock host) {
        this.host = host;
    }

    public static SimulatedClock systemUtc() {
        return new SimulatedClock(Clock.systemUTC());
    }

    public Duration offset() {
        return offset.get();
    }

    /** Sets how far ahead of (or, negative, behind) the host's clock this one runs. */
    public void offset(Duration value) {
        if (value.abs().compareTo(MAX_OFFSET) > 0) {
            throw new IllegalArgumentException("the clock offset must be within 100 years of the host's clock, got " + value);
        }
        offset.set(value);
    }

    @Override
    public Instant instant() {
        return host.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC, as the domain code's timestamps are; another zone would be a second clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the simulated clock is UTC");
        }
        return this;
    }
}
