package io.ucfleet.sync.membership;

import java.time.Clock;

import org.jboss.logging.Logger;

import io.ucfleet.sync.membership.MemberCondition.Reason;

/**
 * What cluster-sync knows, in memory, of one member URL; the stored truth (cursors, pending
 * work) is in {@code replication.SyncStore}. Its condition is derived from two kinds of
 * failure kept apart, so that reading a node's feed successfully does not hide that
 * deliveries to it fail (and the other way round): a failure of reading from it, and one of
 * delivering to it. A change of condition is logged once (WARN when it turns bad, with the
 * exception; INFO when it recovers), not on every retry.
 */
public final class Member {
    private static final Logger LOG = Logger.getLogger(Member.class);
    static final String NOT_IDENTIFIED = "Which node answers at this URL is not known yet: it has not answered"
            + " since cluster-sync started, or a new node or database answers there.";

    public final String url;
    private final Clock clock;
    /** The node's FQDN and outbox epoch, learned from its feed; null until it first answered. */
    private volatile String node;
    private volatile String epoch;
    private volatile long cursor;
    private volatile long head;
    /** Deliveries to this node are pending: new changes queue behind them instead of being tried first. */
    private volatile boolean backlog;
    /** Deliveries it refused, held until it is identified again (counted by the pending retrier). */
    private volatile long held;
    private Failure readFailure;
    private Failure deliveryFailure;
    private volatile MemberCondition condition;

    public Member(String url, Clock clock) {
        this.url = url;
        this.clock = clock;
        this.condition = MemberCondition.of(Reason.NOT_IDENTIFIED, NOT_IDENTIFIED, clock.instant());
    }

    public String node() {
        return node;
    }

    public String epoch() {
        return epoch;
    }

    public long cursor() {
        return cursor;
    }

    public long head() {
        return head;
    }

    public long lag() {
        return Math.max(0, head - cursor);
    }

    public boolean backlog() {
        return backlog;
    }

    public MemberCondition condition() {
        return condition;
    }

    /** The last request to it was answered (whatever the answer). */
    public boolean reachable() {
        Reason reason = condition.reason();
        return reason != Reason.NODE_UNREACHABLE && reason != Reason.NOT_IDENTIFIED;
    }

    /** It answered as {@code node}, outbox {@code epoch}; its feed is read after {@code cursor}. */
    public synchronized void identified(String node, String epoch, long cursor, long head, boolean backlog) {
        this.cursor = cursor;
        this.head = head;
        this.epoch = epoch;
        this.backlog = backlog;
        this.node = node;
        readFailure = null;
        update();
    }

    /** Another node, or a recreated database, answers at this URL: identify it again. */
    public synchronized void forget() {
        node = null;
        update();
    }

    /**
     * Its feed was read: {@code head} is its latest sequence. True if it had rejected the cluster
     * credentials until now, so that deliveries held for that can be released.
     */
    public synchronized boolean read(long head) {
        boolean acceptsCredentialsAgain = readFailure != null && readFailure.reason() == Reason.NODE_REJECTED_CREDENTIALS;
        this.head = head;
        readFailure = null;
        update();
        return acceptsCredentialsAgain;
    }

    public long held() {
        return held;
    }

    /** How many deliveries to it are held because it refused them. */
    public synchronized void held(long count) {
        if (count != held) {
            held = count;
            update();
        }
    }

    /** The cursor passed {@code cursor}, stored with the pending work of the changes it passed. */
    public void advanced(long cursor) {
        this.cursor = cursor;
    }

    public synchronized void readFailed(Failure failure) {
        readFailure = failure;
        update();
    }

    /** A delivery to it (from the feed, pending work or the full pass) failed. */
    public synchronized void deliveryFailed(Failure failure) {
        deliveryFailure = failure;
        update();
    }

    /** Deliveries to it wait as pending work: new changes for it queue behind them. */
    public synchronized void backlogged() {
        backlog = true;
        update();
    }

    /** A delivery to it succeeded, or it is in sync; {@code drained} if no pending work for it is left. */
    public synchronized void delivered(boolean drained) {
        deliveryFailure = null;
        if (drained) {
            backlog = false;
        }
        update();
    }

    private void update() {
        Failure failure = readFailure != null ? readFailure : deliveryFailure;
        MemberCondition previous = condition;
        Reason reason;
        String message;
        if (failure != null) {
            reason = failure.reason();
            message = failure.message();
        } else if (node == null) {
            reason = Reason.NOT_IDENTIFIED;
            message = NOT_IDENTIFIED;
        } else if (held > 0) {
            reason = Reason.NODE_REFUSED;
            message = held + " change(s) it refused are held, not retried, until it is identified again (it"
                    + " or cluster-sync restarts); GET /api/v1/sync/pending shows them.";
        } else if (backlog) {
            reason = Reason.DELIVERIES_PENDING;
            message = "Deliveries to it wait as pending work; new changes queue behind them.";
        } else {
            reason = Reason.SYNCED;
            message = "Its feed is read and every change for it is delivered.";
        }
        if (reason == previous.reason()) {
            if (!message.equals(previous.message())) { // the same trouble, seen by another request: same since
                condition = MemberCondition.of(reason, message, previous.since());
            }
            return;
        }
        condition = MemberCondition.of(reason, message, clock.instant());
        if (failure != null) {
            LOG.warnf("member %s (%s): %s%s", url, node, failure.message(),
                    failure.cause() == null ? "" : " [" + failure.cause() + "]");
        } else if (previous.reason().failure) {
            LOG.infof("member %s (%s): %s, was %s", url, node, reason.camelCase(), previous.reason().camelCase());
        }
    }
}
