package io.ucfleet.node.replication;

import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Feed;
import io.ucfleet.platform.replication.State;
import io.ucfleet.platform.replication.Version;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.inventory.CertificateAdded;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.CertificateType;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.node.inventory.Usage;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.replication.Change.Operation;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.node.x509.Fingerprint;

/**
 * This node as a replica: its outbox read after a cursor, its versions and tombstones for
 * the anti-entropy pass, and the application of a peer's change. A change applies only if it
 * orders after the node's version of that certificate (last change wins by (version,
 * origin)); either way its id is remembered, so applying it again is harmless, and an applied
 * change is never written to the outbox, so replication never loops.
 */
@ApplicationScoped
public class Replica {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The most changes one feed page serves. */
    public static final int MAX_BATCH = 1000;

    @Inject
    EntityManager entityManager;
    @Inject
    UnitLocks locks;
    @Inject
    HybridClock hybridClock;
    @Inject
    Node node;
    @Inject
    Clock clock;
    @Inject
    Event<CertificateAdded> added;
    @Inject
    Serviceability serviceability;

    public enum Outcome {
        /** The change is now this node's state. */
        APPLIED,
        /** This node already applied this change id. */
        ALREADY_APPLIED,
        /** This node holds a later change of the same certificate (e.g. a tombstone). */
        SUPERSEDED,
        /** This node's role has no such trust store (IM and Presence has no CallManager-trust). */
        NOT_APPLICABLE
    }

    @Transactional
    public Feed changesAfter(long after, int limit) {
        // the epoch first: tables in the order a truncate (reset, snapshot restore) locks them, so the two cannot deadlock
        String epoch = epoch();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select seq, change_id, operation, store, sha256, der,"
                + " source_unit, version, origin, created_at from trust_change where seq > ?1 order by seq limit ?2")
                .setParameter(1, after).setParameter(2, Math.max(1, Math.min(limit, MAX_BATCH))).getResultList();
        List<Change> changes = rows.stream().map(r -> new Change(((Number) r[0]).longValue(), uuid(r[1]),
                Operation.valueOf((String) r[2]), (String) r[3], (String) r[4], (byte[]) r[5], (String) r[6],
                ((Number) r[7]).longValue(), (String) r[8], instant(r[9]))).toList();
        long head = head();
        long oldest = ((Number) entityManager.createNativeQuery("select coalesce(min(seq), ?1) from trust_change")
                .setParameter(1, head + 1).getSingleResult()).longValue();
        return new Feed(node.fqdn(), epoch, head, changes, oldest);
    }

    @Transactional
    public State state() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select store, sha256, present, change_id, source_unit,"
                + " version, origin from trust_version order by store, sha256").getResultList();
        return new State(node.fqdn(), epoch(), node.role().trustStores, rows.stream().map(r -> new Version((String) r[0], (String) r[1],
                (Boolean) r[2], uuid(r[3]), (String) r[4], ((Number) r[5]).longValue(), (String) r[6])).toList());
    }

    /**
     * The DER of a certificate in a trust store of this node (the anti-entropy pass copies it),
     * or of the identity whose exchange into that store the feed recorded: a CA-signed identity
     * has no copy in its own node's trust store, yet its peers hold it.
     */
    @Transactional
    public byte[] der(String store, String sha256) {
        return CertificateEntry.findByUnitAndSha256(store, sha256)
                .or(() -> node.role().identities.stream()
                        .filter(profile -> profile.trustStore().filter(store::equals).isPresent())
                        .flatMap(profile -> CertificateEntry.findIdentity(profile.unit).stream())
                        .filter(identity -> identity.sha256.equals(sha256)).findFirst())
                .map(e -> e.der).orElseThrow(() -> new DomainProblem(ProblemType.CERTIFICATE_NOT_FOUND,
                        store + " holds no certificate with SHA-256 fingerprint " + sha256 + "."));
    }

    /** One change: {@link #apply(List)} with a batch of one. */
    @Transactional
    public Outcome apply(Change change) {
        return apply(List.of(change)).get(0);
    }

    /**
     * Applies a peer's batch, in its order, in ONE transaction, by the same rules as one change
     * at a time: a later change in the batch sees what the earlier ones did (a duplicate id is
     * {@code ALREADY_APPLIED}, an older version after a newer one {@code SUPERSEDED}). All or
     * nothing: every change is checked before anything is touched, and one that is malformed
     * refuses the whole batch (400 naming each bad change, nothing applied; cluster-sync splits
     * the batch to hold only the bad ones); anything failing later rolls the whole batch back.
     */
    @Transactional
    public List<Outcome> apply(List<Change> changes) {
        List<X509CertificateHolder> certificates = validate(changes);
        // every store of the batch at once, in sorted order: two batches never deadlock
        locks.lock(changes.stream().map(Change::store).filter(node.role()::hasTrustStore).toList());
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            outcomes.add(applyChecked(changes.get(i), certificates.get(i)));
        }
        return outcomes;
    }

    private Outcome applyChecked(Change change, X509CertificateHolder certificate) {
        if (!node.role().hasTrustStore(change.store())) {
            remember(change.changeId(), Outcome.NOT_APPLICABLE);
            return Outcome.NOT_APPLICABLE;
        }
        if (applied(change.changeId())) {
            return Outcome.ALREADY_APPLIED;
        }
        hybridClock.observe(change.version());
        @SuppressWarnings("unchecked")
        List<Object[]> current = entityManager.createNativeQuery(
                "select version, origin from trust_version where store = ?1 and sha256 = ?2")
                .setParameter(1, change.store()).setParameter(2, change.sha256()).getResultList();
        if (!current.isEmpty() && !change.isAfter(((Number) current.get(0)[0]).longValue(), (String) current.get(0)[1])) {
            remember(change.changeId(), Outcome.SUPERSEDED);
            return Outcome.SUPERSEDED;
        }
        Instant now = clock.instant();
        var existing = CertificateEntry.findByUnitAndSha256(change.store(), change.sha256());
        boolean changed = false;
        if (change.operation() == Operation.IMPORT && existing.isEmpty()) {
            CertificateEntry.of(change.store(), Usage.TRUST, CertificateType.TRUST, description(change), certificate, now)
                    .persist();
            added.fire(new CertificateAdded(change.store(), Usage.TRUST, CertificateType.TRUST, "certificate replicated into "
                    + change.store() + " from " + change.origin()));
            changed = true;
        } else if (change.operation() == Operation.DELETE && existing.isPresent()) {
            existing.get().delete();
            changed = true;
        }
        if (changed) {
            serviceability.requireRestart(node.role().restartsAfterTrustChange(change.store()),
                    node.role().trustChangeReason(change.store()));
        }
        ChangeFeed.remember(entityManager, change, now);
        remember(change.changeId(), Outcome.APPLIED);
        return Outcome.APPLIED;
    }

    private static String description(Change change) {
        return change.sourceUnit() == null ? "Trust certificate replicated from " + change.origin()
                : "Trust certificate: " + change.sourceUnit() + " of " + change.origin() + " (Intercluster Sync Agent)";
    }

    private boolean applied(UUID changeId) {
        return !entityManager.createNativeQuery("select 1 from applied_change where change_id = ?1")
                .setParameter(1, changeId).getResultList().isEmpty();
    }

    private void remember(UUID changeId, Outcome outcome) {
        entityManager.createNativeQuery("insert into applied_change (change_id, outcome, applied_at) values (?1, ?2, ?3)"
                + " on conflict (change_id) do nothing")
                .setParameter(1, changeId).setParameter(2, outcome.name()).setParameter(3, clock.instant()).executeUpdate();
    }

    /** A batch from the wire: every field of every change checked before anything is touched. */
    private static List<X509CertificateHolder> validate(List<Change> changes) {
        List<X509CertificateHolder> certificates = new ArrayList<>(changes.size());
        StringBuilder wrong = new StringBuilder();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            StringBuilder reasons = new StringBuilder();
            certificates.add(validate(changes.get(i), reasons));
            if (!reasons.isEmpty()) {
                bad.add(String.valueOf(changes.get(i).changeId()));
                wrong.append(changes.size() == 1 ? "" : " #" + (i + 1) + " (" + changes.get(i).changeId() + "):")
                        .append(reasons);
            }
        }
        if (!bad.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, (changes.size() == 1 ? "The change cannot be applied:"
                    : bad.size() + " of the " + changes.size() + " changes cannot be applied, so none was:") + wrong,
                    Map.of("changeIds", String.join(",", bad)));
        }
        return certificates;
    }

    private static X509CertificateHolder validate(Change change, StringBuilder wrong) {
        if (change.changeId() == null) {
            wrong.append(" changeId is missing;");
        }
        if (change.operation() == null) {
            wrong.append(" operation must be IMPORT or DELETE;");
        }
        if (change.store() == null || change.store().isBlank() || change.store().length() > 64) {
            wrong.append(" store must name a trust store;");
        }
        if (change.sha256() == null || !SHA256.matcher(change.sha256()).matches()) {
            wrong.append(" sha256 must be 64 lower-case hex digits;");
        }
        if (change.version() <= 0) {
            wrong.append(" version must be positive;");
        }
        if (change.origin() == null || change.origin().isBlank() || change.origin().length() > 255) {
            wrong.append(" origin must name the node that made the change;");
        }
        if (change.sourceUnit() != null && change.sourceUnit().length() > 64) {
            wrong.append(" sourceUnit is too long;");
        }
        X509CertificateHolder certificate = null;
        if (change.operation() == Operation.IMPORT) {
            if (change.der() == null) {
                wrong.append(" an IMPORT carries the certificate (der);");
            } else {
                try {
                    certificate = new X509CertificateHolder(change.der());
                    if (!Fingerprint.sha256(change.der()).equals(change.sha256())) {
                        wrong.append(" der does not match sha256;");
                    }
                } catch (IOException | RuntimeException e) {
                    wrong.append(" der is not a DER X.509 certificate;");
                }
            }
        }
        return certificate;
    }

    private String epoch() {
        return (String) entityManager.createNativeQuery("select epoch from replication_epoch").getSingleResult();
    }

    private long head() {
        return ((Number) entityManager.createNativeQuery("select coalesce(max(seq), 0) from trust_change")
                .getSingleResult()).longValue();
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
