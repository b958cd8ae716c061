package io.ucfleet.sync.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * What the management API does to delivery, in one place: every delivery (feed batch, pending
 * round, full pass) passes the gate; a hold waits for those in flight and stops new ones (a
 * fleet reset holds cluster-sync while it resets the nodes); a reset starts a new generation, so
 * a batch read before it is dropped rather than delivered to a node that was reset meanwhile;
 * and a replication delay fault holds each feed batch that long after it was read (the real
 * Intercluster Sync Agent's "wait 30 minutes"), during which the full pass, which would deliver
 * early, is skipped.
 */
@ApplicationScoped
public class DeliveryGate {
    private static final Logger LOG = Logger.getLogger(DeliveryGate.class);
    private static final int PERMITS = 1 << 16;

    @Inject
    Clock clock;

    private final Semaphore permits = new Semaphore(PERMITS, true);
    private volatile long generation;
    private volatile Duration delay = Duration.ZERO;
    private boolean held;

    public long generation() {
        return generation;
    }

    public Duration delay() {
        return delay;
    }

    public synchronized boolean held() {
        return held;
    }

    public void delay(Duration value) {
        delay = value;
        LOG.infof("replication delay %s", value.isZero() ? "cleared" : "set to " + value);
    }

    /**
     * Runs {@code work} (a delivery) unless a reset happened since {@code readInGeneration}:
     * then nothing is delivered and the answer is null. Waits while held.
     */
    <T> T deliver(long readInGeneration, Callable<T> work) throws Exception {
        permits.acquire();
        try {
            return generation == readInGeneration ? work.call() : null;
        } finally {
            permits.release();
        }
    }

    /** Waits until {@code delay} after {@code readAt}, rechecking so that clearing the delay frees what waits within 100 ms. */
    void awaitDelay(Instant readAt) throws InterruptedException {
        while (true) {
            Duration left = Duration.between(clock.instant(), readAt.plus(delay));
            if (left.isNegative() || left.isZero()) {
                return;
            }
            Thread.sleep(Math.min(100, Math.max(1, left.toMillis())));
        }
    }

    /** Whether the full pass may deliver now: not while a delay holds deliveries back. */
    boolean fullPassAllowed() {
        return delay.isZero();
    }

    /** Stops deliveries once those in flight finished; idempotent. */
    public void hold() throws InterruptedException {
        synchronized (this) {
            if (held) {
                return;
            }
            held = true;
        }
        permits.acquire(PERMITS);
        LOG.info("deliveries held");
    }

    /** Lets deliveries go again; idempotent. */
    public void release() {
        synchronized (this) {
            if (!held) {
                return;
            }
            held = false;
        }
        permits.release(PERMITS);
        LOG.info("deliveries released");
    }

    /** Under a hold: what was read before is dropped from here on. */
    void nextGeneration() {
        generation++;
    }
}
