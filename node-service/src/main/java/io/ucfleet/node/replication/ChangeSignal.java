package io.ucfleet.node.replication;

import jakarta.enterprise.context.ApplicationScoped;

/** Wakes long-polling feed readers when a transaction that wrote to the outbox commits. */
@ApplicationScoped
public class ChangeSignal {
    private long generation;

    public synchronized void committed() {
        generation++;
        notifyAll();
    }

    public synchronized long generation() {
        return generation;
    }

    /** Waits until a commit after {@code seen} or the timeout. */
    public synchronized void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (generation == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
