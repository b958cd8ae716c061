package io.ucfleet.platform.tls;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The end of a bounded operation (a verdict, a probe), on the host's monotonic clock (never a
 * simulated one: a moved lab clock must not stretch a timeout). Blocking I/O gets its timeouts from here, and a watchdog
 * closes what is still open when time is up, so no thread waits past the end.
 */
public final class Deadline {
    private final long end;
    private final long start;

    private Deadline(long start, long end) {
        this.start = start;
        this.end = end;
    }

    public static Deadline in(Duration duration) {
        long now = System.nanoTime();
        return new Deadline(now, now + duration.toNanos());
    }

    public Duration remaining() {
        long left = end - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean passed() {
        return end - System.nanoTime() <= 0;
    }

    /** The shorter of {@code limit} and what is left. */
    public Duration atMost(Duration limit) {
        Duration left = remaining();
        return left.compareTo(limit) < 0 ? left : limit;
    }

    /** For {@code setSoTimeout} and friends: at least 1 ms (0 means "forever" to them). */
    public static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    public long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Closes {@code target} after {@code after} unless the returned handle is closed first. */
    public static AutoCloseable closeAfter(ScheduledExecutorService watchdog, Duration after, Closeable target) {
        ScheduledFuture<?> task = watchdog.schedule(() -> {
            try {
                target.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is all we want; a failure to close leaves nothing to do
            }
        }, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }
}
