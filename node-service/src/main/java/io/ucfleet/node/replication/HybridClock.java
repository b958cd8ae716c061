package io.ucfleet.node.replication;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The version of every replicated change: a hybrid logical clock in microseconds. It follows
 * the wall clock, never goes back, and moves past every version this node has seen, so a
 * change made after a node learned of another (an admin re-importing a certificate deleted
 * cluster-wide) always orders after it, whatever the clocks of the two nodes say.
 */
@ApplicationScoped
public class HybridClock {
    @Inject
    Clock clock;
    @Inject
    EntityManager entityManager;

    private long last = -1;

    /** The next version for a change made on this node (inside the change's transaction). */
    public synchronized long next() {
        start();
        last = Math.max(last + 1, micros(clock.instant()));
        return last;
    }

    /** A version seen from a peer: later local changes order after it. */
    public synchronized void observe(long version) {
        start();
        last = Math.max(last, version);
    }

    private void start() {
        if (last < 0) {
            Number stored = (Number) entityManager.createNativeQuery("select coalesce(max(version), 0) from trust_version")
                    .getSingleResult();
            last = stored.longValue();
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
