package io.ucfleet.sync.replication;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.ucfleet.sync.config.SyncConfig;
import io.ucfleet.sync.feed.NodeClient;
import io.ucfleet.platform.replication.Feed;
import io.ucfleet.sync.membership.Failure;
import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.MemberWatcher;
import io.ucfleet.sync.membership.Members;
import io.ucfleet.platform.tls.MemberPins;

/**
 * The fast path: long-polls every member's feed after its stored cursor and has each batch
 * applied to every other node at once; the cursor advances in the transaction that stores the
 * batch's failed deliveries as pending work, so a change is never lost, and cluster-sync
 * killed mid-stream resumes from its cursors (re-applying is harmless). While a page is
 * delivered, the next one is already being read (when the feed's head says there is one).
 * Each member's next request is submitted as soon as the last one answered, so a change waits
 * for no timer; a failure backs off 0.1 s doubling to 2 s.
 */
@ApplicationScoped
public class FeedPuller {
    private static final Logger LOG = Logger.getLogger(FeedPuller.class);
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2_000;

    @Inject
    NodeClient client;
    @Inject
    DeliveryGate gate;
    @Inject
    Clock clock;
    @Inject
    SyncStore store;
    @Inject
    Applier applier;
    @Inject
    AntiEntropy antiEntropy;
    @Inject
    Members members;
    @Inject
    ReplicationMetrics metrics;
    @Inject
    SyncConfig config;
    @Inject
    MemberPins certificates;
    /** Quarkus' worker pool; a long-poll holds a worker only while its request is open. */
    @Inject
    ScheduledExecutorService executor;

    private final Map<Member, Pull> pulls = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    void joined(@Observes MemberWatcher.Joined event) {
        Pull pull = new Pull(event.member());
        pulls.put(event.member(), pull);
        pull.next(0);
    }

    void left(@Observes MemberWatcher.Left event) {
        Optional.ofNullable(pulls.remove(event.member())).ifPresent(Pull::cancel);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        pulls.values().forEach(Pull::cancel);
    }

    /** A page of a feed, and the delivery generation it was read in. */
    private record Read(long generation, Feed feed, Instant readAt) {
    }

    /** A page being read ahead: the one after {@code after}. */
    private record Prefetch(long after, Future<Read> read) {
    }

    /** One member's feed: each run is one request (and, with changes, one delivery and one cursor move). */
    private final class Pull implements Runnable {
        private final Member member;
        private long backoff = FIRST_BACKOFF_MILLIS;
        private volatile Future<?> next;
        /** The next page, being read while this one is delivered; touched only by this pull's runs, one at a time. */
        private volatile Prefetch prefetch;

        Pull(Member member) {
            this.member = member;
        }

        private boolean current() {
            return !stopped && pulls.get(member) == this && members.isCurrent(member);
        }

        void next(long delayMillis) {
            if (current()) {
                next = delayMillis == 0 ? executor.submit(this) : executor.schedule(this, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            Future<?> pending = next;
            if (pending != null) {
                pending.cancel(true);
            }
            discardPrefetch();
        }

        /**
         * Pipelining: reads the page after {@code after} (no long poll: there is more to read)
         * while the page before it is delivered. Its generation is taken before it is read, so a
         * reset meanwhile drops it as it would a page read the usual way.
         */
        private void prefetch(long after) {
            long generation = gate.generation();
            prefetch = new Prefetch(after, executor.submit(() -> new Read(generation,
                    client.changes(member.url, after, config.batchSize(), 0), clock.instant())));
        }

        /**
         * The prefetched page, if it follows the cursor as it is now (the delivery before it
         * succeeded) and holds changes; otherwise null, and the usual read (a long poll) follows.
         * A prefetch that failed is dropped: the usual read meets the same failure and reports it.
         */
        private Read prefetched() throws InterruptedException {
            Prefetch ahead = prefetch;
            prefetch = null;
            if (ahead == null || ahead.after() != member.cursor()) {
                if (ahead != null) {
                    ahead.read().cancel(true);
                }
                return null;
            }
            try {
                Read read = ahead.read().get();
                return read.feed().changes().isEmpty() ? null : read;
            } catch (ExecutionException e) {
                return null;
            }
        }

        private void discardPrefetch() {
            Prefetch ahead = prefetch;
            prefetch = null;
            if (ahead != null) {
                ahead.read().cancel(true);
            }
        }

        @Override
        public void run() {
            if (!current()) {
                return;
            }
            String doing = "identifying it";
            try {
                if (member.node() == null) {
                    identify();
                }
                doing = "reading its feed";
                Read read = prefetched();
                if (read == null) {
                    long generation = gate.generation();
                    read = new Read(generation, client.changes(member.url, member.cursor(), config.batchSize(),
                            config.longPoll().toMillis()), clock.instant());
                }
                long generation = read.generation();
                Feed feed = read.feed();
                Instant readAt = read.readAt();
                if (!feed.node().equals(member.node()) || !feed.epoch().equals(member.epoch())) {
                    LOG.infof("%s is now %s (epoch %s): reading its feed afresh", member.url, feed.node(), feed.epoch());
                    member.forget();
                } else {
                    if (feed.prunedAfter(member.cursor())) {
                        LOG.warnf("%s (%s) no longer keeps its changes %d to %d (its retention pruned them): the full pass"
                                + " repairs what they changed", member.url, member.node(), member.cursor() + 1, feed.oldest() - 1);
                        antiEntropy.request();
                    }
                    for (var change : feed.changes()) {
                        certificates.learn(member.url, member.node(), change);
                    }
                    if (!feed.changes().isEmpty()) {
                        long last = feed.changes().get(feed.changes().size() - 1).seq();
                        if (feed.head() > last) {
                            prefetch(last);
                        }
                        gate.awaitDelay(readAt);
                        doing = "delivering its changes";
                        Boolean delivered = gate.deliver(generation, () -> {
                            List<SyncStore.NewPending> pending = applier.deliver(member, feed.changes());
                            store.advance(member.node(), member.url, member.epoch(), last, feed.head(), pending);
                            member.advanced(last);
                            metrics.pendingAdded(pending.size());
                            return true;
                        });
                        if (delivered == null) { // cluster-sync was reset since the read: read afresh
                            discardPrefetch();
                            next(0);
                            return;
                        }
                    }
                    if (member.read(feed.head())) {
                        release("it accepts the cluster credentials again");
                    }
                }
                backoff = FIRST_BACKOFF_MILLIS;
                next(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // cancelled: the member left, or cluster-sync stops
            } catch (Exception e) {
                member.readFailed(Failure.of(e, doing));
                next(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }

        /** Held deliveries to it become due: what it refused may be accepted now. */
        private void release(String why) throws Exception {
            int released = store.release(member.node());
            if (released > 0) {
                LOG.infof("%s (%s): %d held change(s) released: %s", member.url, member.node(), released, why);
            }
        }

        /** Learns which node answers at this URL and where its stored cursor is. */
        private void identify() throws Exception {
            Feed probe = client.changes(member.url, Long.MAX_VALUE / 2, 1, 0);
            Optional<SyncStore.Cursor> stored = store.cursor(probe.node());
            boolean sameEpoch = stored.isPresent() && stored.get().epoch().equals(probe.epoch());
            long cursor = sameEpoch ? stored.get().cursor() : 0;
            if (!sameEpoch) {
                store.advance(probe.node(), member.url, probe.epoch(), 0, probe.head(), List.of());
            }
            member.identified(probe.node(), probe.epoch(), cursor, probe.head(), store.pendingCount(probe.node()) > 0);
            release("it is identified again");
            LOG.infof("member %s is %s; reading its feed after %d", member.url, probe.node(), cursor);
            antiEntropy.request(); // a node that joins (or returns) gets the cluster's replicated content
        }
    }
}
