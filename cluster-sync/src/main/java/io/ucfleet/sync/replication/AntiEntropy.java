package io.ucfleet.sync.replication;

import io.ucfleet.platform.replication.State;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.ucfleet.sync.config.SyncConfig;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.sync.feed.NodeClient;
import io.ucfleet.platform.replication.Version;
import io.ucfleet.sync.membership.Failure;
import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.Members;

/**
 * The full pass: compares every identified node's versions and tombstones
 * ({@link Reconciliation} decides) and gives each node the latest change it lacks, so drift
 * heals and a node that joins gets the cluster's replicated content. Runs every
 * {@code ucfleet.sync.full-pass-interval} and, on {@link #request()}, as soon as possible; one
 * pass at a time.
 */
@ApplicationScoped
public class AntiEntropy {
    private static final Logger LOG = Logger.getLogger(AntiEntropy.class);

    public record FullPass(Instant at, int nodes, int repairs, int failed) {
    }

    @Inject
    DeliveryGate gate;
    @Inject
    NodeClient client;
    @Inject
    Applier applier;
    @Inject
    Members members;
    @Inject
    SyncConfig config;
    @Inject
    Clock clock;
    @Inject
    ScheduledExecutorService executor;

    private final ReentrantLock passing = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile FullPass lastFullPass;

    public FullPass lastFullPass() {
        return lastFullPass;
    }

    /** Asks for a pass now (a node joined or returned); requests made while one waits to start share it. */
    public void request() {
        if (requested.compareAndSet(false, true)) {
            executor.execute(() -> {
                requested.set(false); // a request from here on needs a pass that starts after it
                passSafely();
            });
        }
    }

    @Scheduled(identity = "sync-full-pass", every = "${ucfleet.sync.full-pass-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        passSafely();
    }

    private void passSafely() {
        if (!gate.fullPassAllowed()) {
            return; // a replication delay is set: repairing now would deliver early
        }
        passing.lock();
        try {
            FullPass done = gate.deliver(gate.generation(), this::pass);
            if (done != null) {
                lastFullPass = done;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(e, "full pass failed");
        } finally {
            passing.unlock();
        }
    }

    FullPass pass() throws InterruptedException {
        Map<String, State> states = new HashMap<>();
        Map<String, Member> byNode = new HashMap<>();
        for (Member m : members.all()) {
            if (m.node() == null) {
                continue;
            }
            try {
                State state = client.state(m.url);
                if (state.node().equals(m.node())) {
                    states.put(state.node(), state);
                    byNode.put(state.node(), m);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                m.readFailed(Failure.of(e, "reading its state"));
            }
        }
        List<Reconciliation.Repair> repairs = Reconciliation.repairs(states);
        Map<String, List<Change>> byTarget = new HashMap<>();
        Map<String, byte[]> ders = new HashMap<>();
        Set<String> failedTargets = new HashSet<>();
        int failed = 0;
        for (Reconciliation.Repair r : repairs) {
            Version w = r.winner();
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
                        failedTargets.add(r.targetNode());
                        continue;
                    }
                }
            }
            byTarget.computeIfAbsent(r.targetNode(), t -> new ArrayList<>()).add(new Change(null, w.changeId(),
                    w.operation(), w.store(), w.sha256(), der, w.sourceUnit(), w.version(), w.origin(),
                    null));
        }
        for (var entry : byTarget.entrySet()) {
            List<Change> changes = entry.getValue();
            for (int i = 0; i < changes.size(); i += config.batchSize()) {
                List<Change> batch = changes.subList(i, Math.min(changes.size(), i + config.batchSize()));
                try {
                    List<Applier.Refused> refused = applier.apply(byNode.get(entry.getKey()).url, batch);
                    if (!refused.isEmpty()) {
                        failed += refused.size();
                        failedTargets.add(entry.getKey());
                        byNode.get(entry.getKey()).deliveryFailed(refused.get(0).failure());
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failed += batch.size();
                    failedTargets.add(entry.getKey());
                    byNode.get(entry.getKey()).deliveryFailed(Failure.of(e, "repairing it"));
                }
            }
        }
        for (var node : byNode.entrySet()) {
            if (!failedTargets.contains(node.getKey()) && !node.getValue().backlog()) {
                node.getValue().delivered(false); // it now holds every latest change: in sync
            }
        }
        if (!repairs.isEmpty()) {
            LOG.infof("full pass over %d nodes: %d repairs, %d failed%s", states.size(), repairs.size(), failed,
                    repairs.size() > 5 ? "" : repairs.stream().map(r -> " " + r.targetNode() + " <- " + r.winner())
                            .reduce("", String::concat));
        }
        return new FullPass(clock.instant(), states.size(), repairs.size(), failed);
    }
}
