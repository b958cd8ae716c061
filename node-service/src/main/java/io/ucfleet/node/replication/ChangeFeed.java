package io.ucfleet.node.replication;

import io.ucfleet.platform.replication.Change;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

import org.hibernate.Session;

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
    @Inject
    io.ucfleet.node.audit.ChangeTrail trail;

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
        // Plain JDBC on the transaction's connection: a native query would flush the whole session
        // first, for every certificate of an upload (quadratic in its size).
        entityManager.unwrap(Session.class).doWork(connection -> {
            // No der column for a delete: a typed null for bytea is not portable across drivers.
            try (PreparedStatement insert = connection.prepareStatement("insert into trust_change (change_id, operation,"
                    + " store, sha256, source_unit, version, origin, created_at" + (der == null ? "" : ", der")
                    + ") values (?, ?, ?, ?, ?, ?, ?, ?" + (der == null ? "" : ", ?") + ")")) {
                insert.setObject(1, change.changeId());
                insert.setString(2, operation.name());
                insert.setString(3, store);
                insert.setString(4, sha256);
                insert.setString(5, sourceUnit);
                insert.setLong(6, change.version());
                insert.setString(7, change.origin());
                insert.setObject(8, change.createdAt().atOffset(ZoneOffset.UTC));
                if (der != null) {
                    insert.setBytes(9, der);
                }
                insert.executeUpdate();
            }
        });
        remember(entityManager, List.of(change), change.createdAt());
        sequenceAtCommit(change.changeId());
        trail.changed(operation == Operation.IMPORT ? "trust-import" : "trust-delete", store,
                operation == Operation.DELETE ? sha256 : null, operation == Operation.IMPORT ? sha256 : null);
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
        // Plain JDBC on the transaction's connection: one round trip for the numbers and one batch
        // for the updates, where a query per change would also flush the whole session each time
        // (an upload of 500 certificates made that quadratic).
        entityManager.unwrap(Session.class).doWork(connection -> {
            List<Long> seqs = new ArrayList<>(ids.size());
            try (PreparedStatement next = connection.prepareStatement(
                    "select nextval('trust_change_seq_seq') from generate_series(1, ?)")) {
                next.setInt(1, ids.size());
                try (ResultSet r = next.executeQuery()) {
                    while (r.next()) {
                        seqs.add(r.getLong(1));
                    }
                }
            }
            Collections.sort(seqs);
            try (PreparedStatement update = connection.prepareStatement(
                    "update trust_change set seq = ? where change_id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    update.setLong(1, seqs.get(i));
                    update.setObject(2, ids.get(i));
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    /**
     * Makes each change this node's version of its certificate (a tombstone for a delete): one
     * JDBC batch, one round trip for a whole apply batch. At most one change per certificate.
     */
    static void remember(EntityManager entityManager, Collection<Change> changes, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("insert into trust_version (store, sha256, present,"
                    + " change_id, source_unit, version, origin, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (store, sha256) do update set present = excluded.present, change_id = excluded.change_id,"
                    + " source_unit = excluded.source_unit, version = excluded.version, origin = excluded.origin,"
                    + " updated_at = excluded.updated_at")) {
                for (Change change : changes) {
                    upsert.setString(1, change.store());
                    upsert.setString(2, change.sha256());
                    upsert.setBoolean(3, change.operation() == Operation.IMPORT);
                    upsert.setObject(4, change.changeId());
                    upsert.setString(5, change.sourceUnit());
                    upsert.setLong(6, change.version());
                    upsert.setString(7, change.origin());
                    upsert.setObject(8, now.atOffset(ZoneOffset.UTC));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }
}
