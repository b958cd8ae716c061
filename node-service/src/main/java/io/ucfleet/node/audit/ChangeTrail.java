package io.ucfleet.node.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The audit entry of each change itself (an identity installed, a trust-store import or delete,
 * a CSR made or discarded, a service restarted, an AUTHZ key regenerated, the security mode set),
 * beside the entry of the request that asked for it: what changed, its fingerprints before and
 * after, who (the request's {@link Acting} actor, the node itself, or the peer a replicated
 * change came from). Written as the change's transaction commits, in it: a committed change
 * always has its entry, a rolled-back one none (its request's entry records the failure).
 */
@ApplicationScoped
public class ChangeTrail {
    /** This transaction's entries awaiting its commit (a resource of the transaction). */
    private static final String PENDING = ChangeTrail.class.getName() + ".pending";

    @Inject
    AuditLog log;
    @Inject
    Clock clock;
    @Inject
    Instance<Acting> acting;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    TransactionManager transactionManager;

    /** A change made on this node; {@code before}/{@code after} a SHA-256 fingerprint or a value, null for none. */
    public void changed(String eventType, String subject, String before, String after) {
        add(actor(), eventType, subject, before, after);
    }

    /** A change made on {@code originNode} and applied here by replication. */
    public void replicated(String eventType, String subject, String before, String after, String originNode) {
        add(actor().replicatingFrom(originNode), eventType, subject, before, after);
    }

    private void add(Actor actor, String eventType, String subject, String before, String after) {
        AuditLog.ChangeEntry entry = new AuditLog.ChangeEntry(actor, clock.instant(), eventType, eventType + " " + subject,
                subject, before, after);
        int status = transactions.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            QuarkusTransaction.requiringNew().run(() -> log.appendInTransaction(List.of(entry)));
            return;
        }
        if (status != Status.STATUS_ACTIVE) {
            return; // marked for rollback: the change will not happen, nor its entry
        }
        @SuppressWarnings("unchecked")
        List<AuditLog.ChangeEntry> pending = (List<AuditLog.ChangeEntry>) transactions.getResource(PENDING);
        if (pending == null) {
            List<AuditLog.ChangeEntry> entries = new ArrayList<>();
            transactions.putResource(PENDING, entries);
            pending = entries;
            try {
                // not interposed: it runs before Hibernate's own flush, while the session still takes queries
                transactionManager.getTransaction().registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        if (!entries.isEmpty()) {
                            log.appendInTransaction(entries);
                        }
                    }

                    @Override
                    public void afterCompletion(int status) {
                    }
                });
            } catch (RollbackException | SystemException e) {
                throw new IllegalStateException("the audit entry cannot join its change's transaction", e);
            }
        }
        pending.add(entry);
    }

    private Actor actor() {
        if (!Arc.container().requestContext().isActive()) {
            return Actor.SYSTEM;
        }
        Actor actor = acting.get().actor();
        return actor == null ? Actor.SYSTEM : actor;
    }
}
