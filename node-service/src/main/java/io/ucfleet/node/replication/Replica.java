package io.ucfleet.node.replication;

import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.Feed;
import io.ucfleet.platform.replication.State;
import io.ucfleet.platform.replication.Version;
import java.io.IOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.hibernate.Session;

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
import io.ucfleet.node.x509.CertificateFacts;
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
    io.ucfleet.node.audit.ChangeTrail trail;
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
        List<Change> applicable = changes.stream().filter(c -> node.role().hasTrustStore(c.store())).toList();
        // every store of the batch at once, in sorted order: two batches never deadlock
        locks.lock(applicable.stream().map(Change::store).toList());
        Known known = known(applicable);
        Writes writes = new Writes(clock.instant());
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            Outcome outcome = applyChecked(change, certificates.get(i), known, writes);
            if (outcome != Outcome.ALREADY_APPLIED) {
                known.applied().add(change.changeId());
                writes.remembered.add(new Object[] {change.changeId(), outcome.name()});
            }
            outcomes.add(outcome);
        }
        writes.write();
        return outcomes;
    }

    /**
     * A batch's net effect, gathered as its changes are decided one by one and written at the end
     * in a few JDBC batches, not in round trips per change: the rows the batch removes (present
     * before it) go before the rows it adds, so a certificate deleted and imported again in one
     * batch is replaced; each certificate's last applied change becomes its version.
     */
    private final class Writes {
        final Instant now;
        final Map<String, Map.Entry<String, String>> deletedKeys = new LinkedHashMap<>();
        final Map<String, CertificateEntry> inserted = new LinkedHashMap<>();
        final Map<String, Change> versions = new LinkedHashMap<>();
        final List<Object[]> remembered = new ArrayList<>();
        /** Per store, the imports and the peers they came from: one CertificateAdded each, as one upload fires one. */
        final Map<String, Set<String>> importedFrom = new TreeMap<>();
        final Map<String, Integer> importCounts = new HashMap<>();
        final Set<String> changedStores = new TreeSet<>();
        /** Facts decoded once per distinct certificate of the batch (one may go to several stores). */
        final Map<String, CertificateFacts> facts = new HashMap<>();

        Writes(Instant now) {
            this.now = now;
        }

        void imported(String key, Change change, X509CertificateHolder certificate) {
            CertificateFacts decoded = facts.computeIfAbsent(change.sha256(), sha -> CertificateFacts.of(certificate));
            inserted.put(key, CertificateEntry.of(change.store(), Usage.TRUST, CertificateType.TRUST, description(change),
                    certificate, decoded, now));
            importedFrom.computeIfAbsent(change.store(), s -> new TreeSet<>()).add(change.origin());
            importCounts.merge(change.store(), 1, Integer::sum);
            changedStores.add(change.store());
        }

        void deleted(String key, Change change) {
            if (inserted.remove(key) == null) { // the row was there before the batch
                deletedKeys.put(key, Map.entry(change.store(), change.sha256()));
            }
            changedStores.add(change.store());
        }

        void write() {
            CertificateEntry.deleteAll(deletedKeys.values());
            CertificateEntry.insertAll(inserted.values());
            ChangeFeed.remember(entityManager, versions.values(), now);
            importedFrom.forEach((store, origins) -> added.fire(new CertificateAdded(store, Usage.TRUST, CertificateType.TRUST,
                    importCounts.get(store) + " certificate(s) replicated into " + store + " from " + String.join(", ", origins))));
            for (String store : changedStores) {
                serviceability.requireRestart(node.role().restartsAfterTrustChange(store), node.role().trustChangeReason(store));
            }
            remember(remembered);
        }
    }

    /**
     * What the node knows of a batch's certificates before applying it, read in three queries
     * rather than three per change, and kept current as the batch applies: the change ids it has
     * applied, its versions, and which certificates its stores hold (keys {@code store/sha256}).
     */
    private record Known(Set<UUID> applied, Map<String, long[]> versions, Map<String, String> origins, Set<String> present) {
    }

    private Known known(List<Change> changes) {
        Known known = new Known(new HashSet<>(), new HashMap<>(), new HashMap<>(), new HashSet<>());
        if (changes.isEmpty()) {
            return known;
        }
        entityManager.unwrap(Session.class).doWork(c -> {
            Array ids = c.createArrayOf("uuid", changes.stream().map(Change::changeId).distinct().toArray());
            Array stores = c.createArrayOf("varchar", changes.stream().map(Change::store).distinct().toArray());
            Array shas = c.createArrayOf("varchar", changes.stream().map(Change::sha256).distinct().toArray());
            try (PreparedStatement s = c.prepareStatement("select change_id from applied_change where change_id = any (?)")) {
                s.setArray(1, ids);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        known.applied().add(r.getObject(1, UUID.class));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select store, sha256, version, origin from trust_version"
                    + " where store = any (?) and sha256 = any (?)")) {
                s.setArray(1, stores);
                s.setArray(2, shas);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String key = key(r.getString(1), r.getString(2));
                        known.versions().put(key, new long[] {r.getLong(3)});
                        known.origins().put(key, r.getString(4));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select unit, sha256 from certificate"
                    + " where unit = any (?) and sha256 = any (?)")) {
                s.setArray(1, stores);
                s.setArray(2, shas);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        known.present().add(key(r.getString(1), r.getString(2)));
                    }
                }
            }
        });
        return known;
    }

    private static String key(String store, String sha256) {
        return store + "/" + sha256;
    }

    private Outcome applyChecked(Change change, X509CertificateHolder certificate, Known known, Writes writes) {
        if (!node.role().hasTrustStore(change.store())) {
            return Outcome.NOT_APPLICABLE;
        }
        if (known.applied().contains(change.changeId())) {
            return Outcome.ALREADY_APPLIED;
        }
        hybridClock.observe(change.version());
        String key = key(change.store(), change.sha256());
        long[] version = known.versions().get(key);
        if (version != null && !change.isAfter(version[0], known.origins().get(key))) {
            return Outcome.SUPERSEDED;
        }
        boolean present = known.present().contains(key);
        if (change.operation() == Operation.IMPORT && !present) {
            writes.imported(key, change, certificate);
            known.present().add(key);
            trail.replicated("trust-import", change.store(), null, change.sha256(), change.origin());
        } else if (change.operation() == Operation.DELETE && present) {
            writes.deleted(key, change);
            known.present().remove(key);
            trail.replicated("trust-delete", change.store(), change.sha256(), null, change.origin());
        }
        writes.versions.put(key, change);
        known.versions().put(key, new long[] {change.version()});
        known.origins().put(key, change.origin());
        return Outcome.APPLIED;
    }

    private static String description(Change change) {
        return change.sourceUnit() == null ? "Trust certificate replicated from " + change.origin()
                : "Trust certificate: " + change.sourceUnit() + " of " + change.origin() + " (Intercluster Sync Agent)";
    }

    /** The batch's change ids with their outcomes: its idempotency keys, one JDBC batch. */
    private void remember(List<Object[]> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        entityManager.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into applied_change (change_id, outcome, applied_at)"
                    + " values (?, ?, ?) on conflict (change_id) do nothing")) {
                for (Object[] outcome : outcomes) {
                    s.setObject(1, outcome[0]);
                    s.setString(2, (String) outcome[1]);
                    s.setObject(3, now);
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
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
