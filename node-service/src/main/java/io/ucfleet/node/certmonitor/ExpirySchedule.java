package io.ucfleet.node.certmonitor;

import java.time.Duration;
import java.time.Instant;

/**
 * When the Certificate Expiry Monitor runs and notifies, as the real one does: once every 24 hours,
 * and every hour once a certificate has expired or expires within a day ("It runs every one hour
 * when the certificate either has expired or is going to expire in one day"; the interval does not
 * shorten at seven days). A certificate is notified about from {@code notificationStartDays}
 * before its expiry, then every notification frequency, and at each hourly run near expiry.
 */
final class ExpirySchedule {
    static final Duration DAILY = Duration.ofHours(24);
    static final Duration HOURLY = Duration.ofHours(1);
    static final Duration NEAR_EXPIRY = Duration.ofDays(1);

    private ExpirySchedule() {
    }

    static boolean nearExpiry(Instant notAfter, Instant now) {
        return !notAfter.isAfter(now.plus(NEAR_EXPIRY));
    }

    /** The run interval: hourly while some certificate is near expiry or expired. */
    static Duration interval(boolean anyNearExpiry) {
        return anyNearExpiry ? HOURLY : DAILY;
    }

    /** A last run after now is a clock moved back (the simulator's clock moves): run, rather than wait for it. */
    static boolean runDue(Instant lastRun, Instant now, boolean anyNearExpiry) {
        return lastRun == null || lastRun.isAfter(now) || !now.isBefore(lastRun.plus(interval(anyNearExpiry)));
    }

    static boolean inWindow(Instant notAfter, Instant now, int notificationStartDays) {
        return !notAfter.isAfter(now.plus(Duration.ofDays(notificationStartDays)));
    }

    /** Whether a certificate in the window is notified about at this run. */
    static boolean notificationDue(Instant notAfter, Instant lastNotified, Instant now, Duration frequency) {
        if (lastNotified == null || lastNotified.isAfter(now)) {
            return true;
        }
        Duration every = nearExpiry(notAfter, now) && frequency.compareTo(HOURLY) > 0 ? HOURLY : frequency;
        return !now.isBefore(lastNotified.plus(every));
    }
}
