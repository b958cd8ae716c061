package io.ucfleet.node.replication;

import io.ucfleet.platform.replication.Change;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.replication.Change.Operation;

/**
 * The outbox: every trust-store change made on this node, written in the transaction of the
 * change itself (so a change is never committed without its feed entry, nor the reverse),
 * together with the node's latest version of that certificate (its tombstone, for a delete).
 * Which changes travel where is cluster-sync's policy; the node records all of them.
 * A change gets its place in the feed ({@code seq}) only as its transaction commits, under a
 * lock held to the commit: the feed is in commit order, so a cursor never passes a change that
 * commits late (V8).
 */
@ApplicationScoped
public class ChangeFeed {
    @Inject
    EntityManager entityManager;
    @Inject
    HybridClock hybridClock;
    @Inject
    Node node;
    @Inject
    Clock clock;
    @Inject
    ChangeSignal signal;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    TransactionManager transactionManager;

    /** This transaction's changes awaiting their place in the feed (a resource of the transaction). */
    private static final String UNSEQUENCED = ChangeFeed.class.getName() + ".unsequenced";

    /** An administrator imported a certificate into a trust store. */
    public void imported(String store, CertificateEntry entry) {
        record(Operation.IMPORT, store, entry.sha256, entry.der, null);
    }

    /** An administrator deleted a certificate from a trust store. */
    public void deleted(String store, String sha256) {
        record(Operation.DELETE, store, sha256, null, null);
    }

    /**
     * An identity was installed (first start, regeneration, CA-signed): its trust-store copy
     * replaced the previous one. cluster-sync's policy exchanges the tomcat ones into every
     * peer's tomcat-trust (Intercluster Sync Agent) and keeps the others local.
     */
    public void identityInstalled(IdentityProfile profile, Optional<String> previousSha256, CertificateEntry identity) {
        profile.trustStore().ifPresent(store -> {
            previousSha256.filter(old -> !old.equals(identity.sha256))
                    .ifPresent(old -> record(Operation.DELETE, store, old, null, profile.unit));
            record(Operation.IMPORT, store, identity.sha256, identity.der, profile.unit);
        });
    }

    private void record(Operation operation, String store, String sha256, byte[] der, String sourceUnit) {
        Change change = new Change(null, UUID.randomUUID(), operation, store, sha256, der, sourceUnit,
                hybridClock.next(), node.fqdn(), clock.instant());
        // No der column for a delete: a typed null for bytea is not portable across drivers.
        var insert = entityManager.createNativeQuery("insert into trust_change (change_id, operation, store, sha256,"
                + " source_unit, version, origin, created_at" + (der == null ? "" : ", der")
                + ") values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8" + (der == null ? "" : ", ?9") + ")")
                .setParameter(1, change.changeId()).setParameter(2, operation.name()).setParameter(3, store)
                .setParameter(4, sha256).setParameter(5, sourceUnit)
                .setParameter(6, change.version()).setParameter(7, change.origin()).setParameter(8, change.createdAt());
        if (der != null) {
            insert.setParameter(9, der);
        }
        insert.executeUpdate();
        remember(entityManager, change, change.createdAt());
        sequenceAtCommit(change.changeId());
    }

    private void sequenceAtCommit(UUID changeId) {
        @SuppressWarnings("unchecked")
        List<UUID> unsequenced = (List<UUID>) transactions.getResource(UNSEQUENCED);
        if (unsequenced == null) {
            List<UUID> ids = new ArrayList<>();
            transactions.putResource(UNSEQUENCED, ids);
            unsequenced = ids;
            try {
                // not interposed: it runs before Hibernate's own flush, while the session still takes queries
                transactionManager.getTransaction().registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        sequence(ids);
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            signal.committed();
                        }
                    }
                });
            } catch (RollbackException | SystemException e) {
                throw new IllegalStateException("the change cannot join its transaction", e);
            }
        }
        unsequenced.add(changeId);
    }

    /** Places this transaction's changes, in the order they were made, after every change committed before. */
    private void sequence(List<UUID> ids) {
        entityManager.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext('ucfleet.trust_change'))) locked")
                .getSingleResult();
        for (UUID id : ids) {
            entityManager.createNativeQuery("update trust_change set seq = nextval('trust_change_seq_seq') where change_id = ?1")
                    .setParameter(1, id).executeUpdate();
        }
    }

    /** Makes {@code change} this node's version of its certificate (a tombstone for a delete). */
    static void remember(EntityManager entityManager, Change change, Instant now) {
        entityManager.createNativeQuery("insert into trust_version (store, sha256, present, change_id, source_unit, version,"
                + " origin, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (store, sha256) do update set"
                + " present = excluded.present, change_id = excluded.change_id, source_unit = excluded.source_unit,"
                + " version = excluded.version, origin = excluded.origin, updated_at = excluded.updated_at")
                .setParameter(1, change.store()).setParameter(2, change.sha256())
                .setParameter(3, change.operation() == Operation.IMPORT).setParameter(4, change.changeId())
                .setParameter(5, change.sourceUnit()).setParameter(6, change.version()).setParameter(7, change.origin())
                .setParameter(8, now)
                .executeUpdate();
    }
}
