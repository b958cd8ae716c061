package io.ucfleet.sync.replication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ucfleet.sync.config.SyncConfig;
import io.ucfleet.platform.replication.Change;
import io.ucfleet.sync.membership.Failure;
import io.ucfleet.sync.membership.Member;
import io.ucfleet.sync.membership.MemberCondition.Reason;
import io.ucfleet.sync.membership.Members;

/**
 * Delivers pending work: every {@code ucfleet.sync.retry-interval} the deliveries that are due,
 * per target node in the order they were recorded; a failed one backs off (0.1 s doubling to
 * 5 s, in {@link SyncStore#failed}), or is held if the node refused it. Runs on a scheduled executor rather than
 * {@code @Scheduled}, whose triggers are checked only once a second.
 */
@ApplicationScoped
public class PendingRetrier {
    private static final Logger LOG = Logger.getLogger(PendingRetrier.class);
    static final Failure NO_MEMBER = new Failure(Reason.NOT_IDENTIFIED, "No member answers as this node now.", null);

    @Inject
    SyncStore store;
    @Inject
    DeliveryGate gate;
    @Inject
    Members members;
    @Inject
    Applier applier;
    @Inject
    ReplicationMetrics metrics;
    @Inject
    ObjectMapper json;
    @Inject
    SyncConfig config;
    @Inject
    ScheduledExecutorService executor;

    private Future<?> task;
    /** The last round failed as a whole (cluster-sync's database): logged once, not every round. */
    private boolean failing;

    void start(@Observes StartupEvent event) {
        task = executor.scheduleWithFixedDelay(this::round, 0, config.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.cancel(true);
        }
    }

    /** One round; never throws, since a scheduled task that throws is never run again. */
    private void round() {
        try {
            retryDue();
            if (failing) {
                failing = false;
                LOG.info("pending work can be read again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                failing = true;
                LOG.warnf("pending work cannot be read; trying again every %s [%s]", config.retryInterval(), e);
            }
        }
    }

    void retryDue() throws Exception {
        gate.deliver(gate.generation(), () -> {
            retryDueNow();
            return null;
        });
    }

    private void retryDueNow() throws Exception {
        metrics.pendingIs(store.pendingCount(null));
        Map<String, List<SyncStore.Pending>> byTarget = new LinkedHashMap<>();
        for (SyncStore.Pending p : store.due(config.batchSize())) {
            byTarget.computeIfAbsent(p.targetNode(), t -> new ArrayList<>()).add(p);
        }
        for (var entry : byTarget.entrySet()) {
            List<Long> ids = entry.getValue().stream().map(SyncStore.Pending::id).toList();
            Optional<Member> target = members.answeringAs(entry.getKey());
            if (target.isEmpty()) {
                store.failed(ids, NO_MEMBER);
                continue;
            }
            try {
                List<Change> changes = new ArrayList<>();
                for (SyncStore.Pending p : entry.getValue()) {
                    changes.add(json.readValue(p.change(), Change.class));
                }
                List<Applier.Refused> refused = applier.apply(target.get().url, changes);
                // one pending delivery per (target, change id): the id finds it
                Map<UUID, Long> idsByChange = entry.getValue().stream()
                        .collect(Collectors.toMap(SyncStore.Pending::changeId, SyncStore.Pending::id));
                List<Long> delivered = new ArrayList<>(ids);
                for (Applier.Refused r : refused) {
                    Long id = idsByChange.get(r.change().changeId());
                    delivered.remove(id);
                    store.failed(List.of(id), r.failure());
                    target.get().deliveryFailed(r.failure());
                }
                store.delivered(delivered);
                if (refused.isEmpty()) {
                    target.get().delivered(false);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Failure failure = Failure.of(e, Applier.APPLYING);
                target.get().deliveryFailed(failure);
                store.failed(ids, failure);
            }
        }
        Map<String, Long> held = store.heldCounts();
        for (Member m : members.all()) {
            if (m.node() == null) {
                continue;
            }
            long heldForIt = held.getOrDefault(m.node(), 0L);
            m.held(heldForIt);
            // Held deliveries do not keep new changes queueing: the node's versions and tombstones
            // order a held change correctly whenever it is released.
            if (m.backlog() && store.pendingCount(m.node()) == heldForIt) {
                m.delivered(true);
            }
        }
        metrics.pendingIs(store.pendingCount(null));
    }
}
