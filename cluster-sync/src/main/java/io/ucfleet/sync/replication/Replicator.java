package io.ucfleet.sync.replication;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ucfleet.sync.membership.Membership;
import io.ucfleet.sync.policy.ReplicationPolicy;
import io.ucfleet.sync.policy.ReplicationPolicy.Scope;

/**
 * Moves every change the policy sends cluster-wide from the node where it was made to every
 * other node, fast: one worker per node long-polls its feed after the stored cursor and
 * applies each batch to all other nodes at once; a delivery that fails becomes pending work,
 * retried with back-off, and the cursor advances only with it (so a change is never lost,
 * and cluster-sync killed mid-stream resumes from its cursors; re-applying is harmless). A
 * periodic full pass (and one whenever a node is first seen) repairs whatever drifted.
 */
@ApplicationScoped
public class Replicator {
    private static final Logger LOG = Logger.getLogger(Replicator.class);

    @Inject
    Membership membership;
    @Inject
    NodeClient client;
    @Inject
    SyncStore store;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "ucfleet.sync.long-poll", defaultValue = "5S")
    Duration longPoll;
    @ConfigProperty(name = "ucfleet.sync.batch-size", defaultValue = "500")
    int batchSize;
    @ConfigProperty(name = "ucfleet.sync.full-pass-interval", defaultValue = "30S")
    Duration fullPassInterval;
    @ConfigProperty(name = "ucfleet.sync.retry-interval", defaultValue = "200MS")
    Duration retryInterval;
    @ConfigProperty(name = "ucfleet.sync.membership-interval", defaultValue = "5S")
    Duration membershipInterval;

    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newCachedThreadPool(daemon("sync-deliver"));
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;
    private volatile boolean fullPassRequested = true;
    private volatile FullPass lastFullPass;
    private final Object fullPassSignal = new Object();
    private Timer latency;

    public record FullPass(Instant at, int nodes, int repairs, int failed) {
    }

    void start(@Observes StartupEvent event) {
        running = true;
        latency = Timer.builder("ucfleet.sync.replication.latency")
                .description("From a change's commit on its node to its application on a peer")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("ucfleet.sync.pending", pending, AtomicLong::get)
                .description("Deliveries waiting for their node (pending work)").register(registry);
        loop("sync-members", membershipInterval, this::refreshMembers);
        loop("sync-retry", retryInterval, this::retryPending);
        Thread passes = daemon("sync-full-pass").newThread(this::fullPasses);
        passes.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        members.values().forEach(m -> Optional.ofNullable(m.worker).ifPresent(Thread::interrupt));
        deliveries.shutdownNow();
    }

    public List<Member> members() {
        return members.values().stream().sorted((a, b) -> a.url.compareTo(b.url)).toList();
    }

    public FullPass lastFullPass() {
        return lastFullPass;
    }

    public long pendingCount() {
        return pending.get();
    }

    public void requestFullPass() {
        synchronized (fullPassSignal) {
            fullPassRequested = true;
            fullPassSignal.notifyAll();
        }
    }

    // --- membership ---

    private void refreshMembers() {
        List<String> urls = membership.urls();
        for (String url : urls) {
            if (members.containsKey(url)) {
                continue;
            }
            Member m = new Member(url);
            members.put(url, m); // before its worker starts: the worker runs while it is a member
            Gauge.builder("ucfleet.sync.lag.changes", m, x -> Math.max(0, x.head - x.cursor))
                    .description("Changes in the node's feed not yet passed by cluster-sync's cursor")
                    .tag("member", url).register(registry);
            m.worker = daemon("sync-pull").newThread(() -> pull(m));
            m.worker.start();
        }
        members.keySet().removeIf(url -> {
            if (urls.contains(url)) {
                return false;
            }
            Optional.ofNullable(members.get(url).worker).ifPresent(Thread::interrupt);
            return true;
        });
    }

    // --- the fast path: long-poll each feed, deliver to every other node ---

    private void pull(Member m) {
        long backoff = 100;
        while (running && members.get(m.url) == m) {
            try {
                if (m.node == null) {
                    identify(m);
                }
                NodeClient.Feed feed = client.changes(m.url, m.cursor, batchSize, longPoll.toMillis());
                if (!feed.node().equals(m.node) || !feed.epoch().equals(m.epoch)) {
                    LOG.infof("%s is now %s (epoch %s): reading its feed afresh", m.url, feed.node(), feed.epoch());
                    m.node = null;
                    continue;
                }
                m.head = feed.head();
                m.reachable = true;
                if (!feed.changes().isEmpty()) {
                    List<SyncStore.NewPending> failures = deliver(m, feed.changes());
                    long last = feed.changes().get(feed.changes().size() - 1).seq();
                    store.advance(m.node, m.url, m.epoch, last, feed.head(), failures);
                    m.cursor = last;
                    if (!failures.isEmpty()) {
                        pending.addAndGet(failures.size());
                    }
                }
                m.lastError = null;
                backoff = 100;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                m.failed(describe(e));
                if (m.node != null) {
                    try {
                        store.recordError(m.node, m.lastError);
                    } catch (SQLException ignored) {
                        // the database is down too; the error stays visible in memory
                    }
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 2_000);
            }
        }
    }

    /** Learns which node answers at this URL and where its stored cursor is. */
    private void identify(Member m) throws Exception {
        NodeClient.Feed probe = client.changes(m.url, Long.MAX_VALUE / 2, 1, 0);
        Optional<SyncStore.Cursor> stored = store.cursor(probe.node());
        long cursor = stored.filter(c -> c.epoch().equals(probe.epoch())).map(SyncStore.Cursor::cursor).orElse(0L);
        if (stored.isEmpty() || !stored.get().epoch().equals(probe.epoch())) {
            store.advance(probe.node(), m.url, probe.epoch(), 0, probe.head(), List.of());
        }
        m.cursor = cursor;
        m.head = probe.head();
        m.epoch = probe.epoch();
        m.backlog = store.pendingCount(probe.node()) > 0;
        m.node = probe.node();
        LOG.infof("member %s is %s; reading its feed after %d", m.url, m.node, cursor);
        requestFullPass(); // a node that joins (or returns) gets the cluster's replicated content
    }

    /** Applies the changes the policy sends cluster-wide to every other node; answers the deliveries that failed. */
    private List<SyncStore.NewPending> deliver(Member source, List<Change> changes) throws Exception {
        List<Change> travelling = changes.stream()
                .filter(c -> ReplicationPolicy.scope(c.operation(), c.store(), c.sourceUnit()) == Scope.CLUSTER).toList();
        if (travelling.isEmpty()) {
            return List.of();
        }
        Map<Member, Future<String>> outcomes = new LinkedHashMap<>();
        Map<Member, String> pendingFor = new HashMap<>();
        Map<String, String> knownNodes = null;
        for (Member target : members.values()) {
            String targetNode = target.node;
            if (targetNode == null) {
                // not identified yet (cluster-sync just restarted, or the node is down): if an
                // earlier run knew the node at this URL, the change waits for it as pending work;
                // the full pass cannot always stand in, since a later local CAPF-trust import may
                // have overwritten the delete's tombstone on every node that had it
                if (knownNodes == null) {
                    knownNodes = new HashMap<>();
                    for (SyncStore.Cursor c : store.cursors()) {
                        knownNodes.put(c.url(), c.node());
                    }
                }
                targetNode = knownNodes.get(target.url);
                if (targetNode != null && !targetNode.equals(source.node)) {
                    outcomes.put(target, java.util.concurrent.CompletableFuture.completedFuture(
                            "not identified yet as " + targetNode + " since cluster-sync started"));
                    pendingFor.put(target, targetNode);
                }
                continue; // a node never seen gets everything from the full pass when it first answers
            }
            if (targetNode.equals(source.node)) {
                continue;
            }
            pendingFor.put(target, targetNode);
            if (target.backlog) {
                outcomes.put(target, java.util.concurrent.CompletableFuture.completedFuture("queued behind pending work"));
                continue;
            }
            outcomes.put(target, deliveries.submit(() -> {
                try {
                    record(client.apply(target.url, travelling), travelling);
                    return null;
                } catch (Exception e) {
                    target.failed(describe(e));
                    return describe(e);
                }
            }));
        }
        List<SyncStore.NewPending> failures = new ArrayList<>();
        for (var outcome : outcomes.entrySet()) {
            String error = outcome.getValue().get();
            if (error != null) {
                outcome.getKey().backlog = true;
                for (Change c : travelling) {
                    failures.add(new SyncStore.NewPending(pendingFor.get(outcome.getKey()), c.changeId(), json.writeValueAsString(c),
                            error));
                }
            }
        }
        return failures;
    }

    private void record(List<NodeClient.Applied> applied, List<Change> changes) {
        Instant now = Instant.now();
        for (int i = 0; i < applied.size() && i < changes.size(); i++) {
            String outcome = applied.get(i).outcome();
            Counter.builder("ucfleet.sync.changes.delivered").tag("outcome", outcome).register(registry).increment();
            if ("APPLIED".equals(outcome) && changes.get(i).createdAt() != null) {
                latency.record(Duration.between(changes.get(i).createdAt(), now));
            }
        }
    }

    // --- pending work ---

    private void retryPending() throws Exception {
        pending.set(store.pendingCount(null));
        Map<String, List<SyncStore.Pending>> byTarget = new HashMap<>();
        for (SyncStore.Pending p : store.due(batchSize)) {
            byTarget.computeIfAbsent(p.targetNode(), t -> new ArrayList<>()).add(p);
        }
        for (var entry : byTarget.entrySet()) {
            List<Long> ids = entry.getValue().stream().map(SyncStore.Pending::id).toList();
            Optional<Member> target = members.values().stream().filter(m -> entry.getKey().equals(m.node)).findFirst();
            if (target.isEmpty()) {
                store.failed(ids, "no member answers as " + entry.getKey() + " now");
                continue;
            }
            try {
                List<Change> changes = new ArrayList<>();
                for (SyncStore.Pending p : entry.getValue()) {
                    changes.add(json.readValue(p.change(), Change.class));
                }
                record(client.apply(target.get().url, changes), changes);
                store.delivered(ids);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                target.get().failed(describe(e));
                store.failed(ids, describe(e));
            }
        }
        for (Member m : members.values()) {
            if (m.backlog && m.node != null && store.pendingCount(m.node) == 0) {
                m.backlog = false;
            }
        }
        pending.set(store.pendingCount(null));
    }

    // --- the full pass (anti-entropy) ---

    private void fullPasses() {
        while (running) {
            try {
                synchronized (fullPassSignal) {
                    if (!fullPassRequested) {
                        fullPassSignal.wait(fullPassInterval.toMillis());
                    }
                    fullPassRequested = false;
                }
                lastFullPass = fullPass();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warnf("full pass failed: %s", describe(e));
            }
        }
    }

    /** Compares every node's versions and tombstones and gives each node the latest change it lacks. */
    public FullPass fullPass() throws InterruptedException {
        Map<String, NodeClient.State> states = new HashMap<>();
        Map<String, Member> byNode = new HashMap<>();
        for (Member m : members.values()) {
            if (m.node == null) {
                continue;
            }
            try {
                NodeClient.State state = client.state(m.url);
                if (state.node().equals(m.node)) {
                    states.put(state.node(), state);
                    byNode.put(state.node(), m);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                m.failed(describe(e));
            }
        }
        List<Reconciliation.Repair> repairs = Reconciliation.repairs(states);
        Map<String, List<Change>> byTarget = new HashMap<>();
        Map<String, byte[]> ders = new HashMap<>();
        int failed = 0;
        for (Reconciliation.Repair r : repairs) {
            NodeClient.Version w = r.winner();
            byte[] der = null;
            if (w.present()) {
                String key = w.store() + "/" + w.sha256();
                der = ders.get(key);
                if (der == null) {
                    try {
                        der = client.der(byNode.get(r.holder()).url, w.store(), w.sha256());
                        ders.put(key, der);
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        failed++; // changed since the state was read; the next pass sees it
                        continue;
                    }
                }
            }
            byTarget.computeIfAbsent(r.targetNode(), t -> new ArrayList<>()).add(new Change(null, w.changeId(),
                    w.present() ? "IMPORT" : "DELETE", w.store(), w.sha256(), der, w.sourceUnit(), w.version(), w.origin(),
                    null));
        }
        for (var entry : byTarget.entrySet()) {
            List<Change> changes = entry.getValue();
            for (int i = 0; i < changes.size(); i += batchSize) {
                List<Change> batch = changes.subList(i, Math.min(changes.size(), i + batchSize));
                try {
                    record(client.apply(byNode.get(entry.getKey()).url, batch), batch);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failed += batch.size();
                    byNode.get(entry.getKey()).failed(describe(e));
                }
            }
        }
        if (!repairs.isEmpty()) {
            LOG.infof("full pass over %d nodes: %d repairs, %d failed%s", states.size(), repairs.size(), failed,
                    repairs.size() > 5 ? "" : repairs.stream().map(r -> " " + r.targetNode() + " <- " + r.winner())
                            .reduce("", String::concat));
        }
        return new FullPass(Instant.now(), states.size(), repairs.size(), failed);
    }

    // --- plumbing ---

    private interface Step {
        void run() throws Exception;
    }

    private void loop(String name, Duration interval, Step step) {
        Thread thread = daemon(name).newThread(() -> {
            while (running) {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    LOG.debugf("%s: %s", name, describe(e)); // the database or a node is away; try again
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
