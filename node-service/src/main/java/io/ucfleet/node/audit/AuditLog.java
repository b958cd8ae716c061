package io.ucfleet.node.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import io.ucfleet.node.config.NodeConfig;

/**
 * The node's audit log: every change made through the REST APIs, the platform CLI and the
 * management API, refused ones too, with the account, the client's address and the outcome; and
 * each signature made with the ITLRecovery key. Written in its own transaction, so a change that
 * rolls back is still recorded as a failure, and an audit write that fails never fails the change
 * (it is logged instead). Never holds a secret: bodies are not recorded, only what was changed.
 * Entries form a hash chain ({@link AuditChain}); writers take turns on a transaction-scoped
 * advisory lock, so the chain has one order, the ids', whatever the concurrency.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    static final int MAX_RESOURCE = 512;
    static final int MAX_DETAIL = 1024;
    public static final int MAX_PAGE = 1000;
    /** pg_advisory_xact_lock key of the chain's writers ("AUDT"). */
    static final long CHAIN_LOCK = 0x41554454L;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    Clock clock;
    @Inject
    NodeConfig config;

    /**
     * Where a change came from: an interface, the cluster service account's calls, a change
     * replicated from a peer ({@code origin} names it), or the node itself (first start, schedules).
     */
    public enum Via {
        REST, CERTMGR, CLI, MANAGEMENT, CLUSTER, PAGES, REPLICATION, SYSTEM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The interface an HTTP path belongs to; empty for what is not audited (health, static files, the login form). */
        public static java.util.Optional<Via> ofPath(String path) {
            if (path == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.ofNullable(path.startsWith("/api/") ? REST : path.startsWith("/platformcom/") ? CERTMGR
                    : path.startsWith("/ucfleet/") ? MANAGEMENT
                    : path.startsWith("/cmplatform/") && !path.equals("/cmplatform/j_security_check") ? PAGES : null);
        }
    }

    /** One entry as the API lists it, with its links in the chain (null for an entry older than the chain). */
    public record Entry(long id, Instant at, String userId, String clientAddress, String via, String eventType, String resource,
            String status, String detail, String subject, String before, String after, String origin, String prevHash,
            String entryHash) {
        static Entry of(AuditEvent e) {
            return new Entry(e.id, e.at, e.userId, e.clientAddress, e.via, e.eventType, e.resource, e.status, e.detail, e.subject,
                    e.before, e.after, e.origin, e.prevHash, e.entryHash);
        }
    }

    /** Which entries: each member optional; {@code since} inclusive, {@code until} exclusive. */
    public record Filter(String user, String via, String eventType, String status, Instant since, Instant until,
            String subject) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null, null);
    }

    /**
     * One request's entry, in a transaction of its own. Plain JDBC on the transaction's connection,
     * four round trips (the chain's lock; its head and the next id; the row; the new head): every
     * change request writes one, each of cluster-sync's apply requests too, and persisting an
     * entity, flushing it for its generated id and updating it again with its hash cost a node as
     * much CPU as the apply itself (replication benchmark, JFR, 8 nodes on 2 cores).
     */
    public void record(String user, String clientAddress, Via via, String eventType, String resource, boolean success,
            String detail) {
        try {
            String userId = clip(user == null || user.isBlank() ? "(anonymous)" : user, 128);
            String address = clip(clientAddress == null ? "" : clientAddress, 64);
            String type = clip(eventType, 64);
            String what = clip(resource, MAX_RESOURCE);
            String status = success ? "success" : "failure";
            String text = clip(detail == null ? "" : detail, MAX_DETAIL);
            QuarkusTransaction.requiringNew().run(() -> em.unwrap(org.hibernate.Session.class).doWork(connection -> {
                try (var lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, CHAIN_LOCK);
                    lock.executeQuery().close();
                }
                String prev;
                long id;
                // a statement after the lock's: its snapshot sees the head the previous writer committed
                try (var head = connection.prepareStatement(
                        "select head_hash, nextval('audit_event_id_seq') from audit_chain where id = 1");
                        var r = head.executeQuery()) {
                    r.next();
                    prev = r.getString(1);
                    id = r.getLong(2);
                }
                Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as PostgreSQL keeps it
                String hash = AuditChain.hash(prev, id, at, userId, address, via.id(), type, what, status, text, null, null,
                        null, null);
                try (var insert = connection.prepareStatement("insert into audit_event (id, at, user_id, client_address,"
                        + " interface, event_type, resource, status, detail, prev_hash, entry_hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, id);
                    insert.setObject(2, at.atOffset(java.time.ZoneOffset.UTC));
                    insert.setString(3, userId);
                    insert.setString(4, address);
                    insert.setString(5, via.id());
                    insert.setString(6, type);
                    insert.setString(7, what);
                    insert.setString(8, status);
                    insert.setString(9, text);
                    insert.setString(10, prev);
                    insert.setString(11, hash);
                    insert.executeUpdate();
                }
                try (var update = connection.prepareStatement("update audit_chain set head_id = ?, head_hash = ? where id = 1")) {
                    update.setLong(1, id);
                    update.setString(2, hash);
                    update.executeUpdate();
                }
            }));
        } catch (RuntimeException e) {
            LOG.warnf("audit log: could not record %s %s by %s (%s)", eventType, resource, user, e.getMessage());
        }
    }

    /** A change's own entry, as {@link ChangeTrail} hands it over when the change's transaction commits. */
    record ChangeEntry(Actor actor, Instant at, String eventType, String resource, String subject, String before, String after) {
    }

    /**
     * Appends the entries in the caller's transaction, on its connection (one lock, one round trip
     * for the ids, one batch), so a change and its entries commit together or not at all. The
     * trust-change feed's lock is taken first, as every transaction that holds both takes them in
     * that order ({@code ChangeFeed} sequences its changes under it at commit too).
     */
    void appendInTransaction(List<ChangeEntry> changes) {
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (var lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext('ucfleet.trust_change')),"
                    + " pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CHAIN_LOCK);
                lock.executeQuery().close();
            }
            String prev;
            try (var head = connection.prepareStatement("select head_hash from audit_chain where id = 1");
                    var r = head.executeQuery()) {
                r.next();
                prev = r.getString(1);
            }
            List<Long> ids = new java.util.ArrayList<>();
            try (var next = connection.prepareStatement("select nextval('audit_event_id_seq') from generate_series(1, ?)")) {
                next.setInt(1, changes.size());
                try (var r = next.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
            }
            java.util.Collections.sort(ids);
            long last = 0;
            try (var insert = connection.prepareStatement("insert into audit_event (id, at, user_id, client_address, interface,"
                    + " event_type, resource, status, detail, subject, value_before, value_after, origin, prev_hash, entry_hash)"
                    + " values (?, ?, ?, ?, ?, ?, ?, 'success', '', ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < changes.size(); i++) {
                    ChangeEntry c = changes.get(i);
                    long id = ids.get(i);
                    Instant at = c.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                    String user = clip(c.actor().userId(), 128);
                    String address = clip(c.actor().clientAddress(), 64);
                    String type = clip(c.eventType(), 64);
                    String resource = clip(c.resource(), MAX_RESOURCE);
                    String subject = clip(c.subject(), 128);
                    String before = c.before() == null ? null : clip(c.before(), 128);
                    String after = c.after() == null ? null : clip(c.after(), 128);
                    String origin = c.actor().origin() == null ? null : clip(c.actor().origin(), 255);
                    String hash = AuditChain.hash(prev, id, at, user, address, c.actor().via().id(), type, resource, "success", "",
                            subject, before, after, origin);
                    Object[] values = {id, at.atOffset(java.time.ZoneOffset.UTC), user, address, c.actor().via().id(), type, resource,
                        subject, before, after, origin, prev, hash};
                    for (int v = 0; v < values.length; v++) {
                        if (v < 2) {
                            insert.setObject(v + 1, values[v]);
                        } else {
                            insert.setString(v + 1, (String) values[v]);
                        }
                    }
                    insert.addBatch();
                    prev = hash;
                    last = id;
                }
                insert.executeBatch();
            }
            try (var update = connection.prepareStatement("update audit_chain set head_id = ?, head_hash = ? where id = 1")) {
                update.setLong(1, last);
                update.setString(2, prev);
                update.executeUpdate();
            }
        });
    }

    /** Newest first, at most {@code limit}. */
    public List<Entry> list(Filter filter, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> query(filter, "desc", 0, limit).stream().map(Entry::of).toList());
    }

    /** Every matching entry, oldest first, to {@code sink}, a page at a time (an export of a long log holds one page). */
    public void export(Filter filter, java.util.function.Consumer<Entry> sink) {
        long after = 0;
        while (true) {
            long from = after;
            List<Entry> page = QuarkusTransaction.requiringNew().call(() -> query(filter, "asc", from, MAX_PAGE).stream()
                    .map(Entry::of).toList());
            page.forEach(sink);
            if (page.size() < MAX_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private static List<AuditEvent> query(Filter f, String order, long afterId, int limit) {
        StringBuilder where = new StringBuilder("id > :after");
        Parameters parameters = Parameters.with("after", afterId);
        for (String[] member : new String[][] {{"userId", f.user()}, {"via", f.via()}, {"eventType", f.eventType()},
                {"status", f.status()}, {"subject", f.subject()}}) {
            if (member[1] != null && !member[1].isBlank()) {
                where.append(" and ").append(member[0]).append(" = :").append(member[0]);
                parameters.and(member[0], member[1].strip());
            }
        }
        if (f.since() != null) {
            where.append(" and at >= :since");
            parameters.and("since", f.since());
        }
        if (f.until() != null) {
            where.append(" and at < :until");
            parameters.and("until", f.until());
        }
        return AuditEvent.<AuditEvent>find(where + " order by id " + order, parameters).page(Page.ofSize(limit)).list();
    }

    @Scheduled(identity = "audit-retention", every = "${ucfleet.node.audit.prune-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        Duration retention = config.audit().retention();
        long deleted = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, CHAIN_LOCK).getSingleResult();
            Instant before = clock.instant().minus(retention);
            // the newest pruned chained entry's hash becomes the anchor the oldest kept one links to
            List<?> newestPruned = em.createNativeQuery("select entry_hash from audit_event where at < ?1 and entry_hash is not null"
                    + " order by id desc limit 1").setParameter(1, before).getResultList();
            if (!newestPruned.isEmpty()) {
                em.createNativeQuery("update audit_chain set anchor_hash = ?1 where id = 1").setParameter(1, newestPruned.get(0))
                        .executeUpdate();
            }
            return AuditEvent.delete("at < ?1", before);
        });
        if (deleted > 0) {
            LOG.infof("audit log: pruned %d entries older than %s", deleted, retention);
        }
    }

    /**
     * Walks the whole chain, oldest kept entry first, in pages (the log may be long): each entry
     * must link to its predecessor and match its hash; the newest must be the recorded head.
     */
    public AuditChain.Verification verify() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // one snapshot for the head and every page: a writer committing meanwhile is not half seen
            em.createNativeQuery("set transaction isolation level repeatable read").executeUpdate();
            Object[] chain = (Object[]) em.createNativeQuery("select head_id, head_hash, anchor_hash from audit_chain where id = 1")
                    .getSingleResult();
            Long headId = chain[0] == null ? null : ((Number) chain[0]).longValue();
            java.util.Iterator<AuditChain.Link> links = new java.util.Iterator<>() {
                long after = 0;
                java.util.Iterator<AuditEvent> page = java.util.Collections.emptyIterator();
                boolean done;

                @Override
                public boolean hasNext() {
                    if (!page.hasNext() && !done) {
                        List<AuditEvent> next = AuditEvent.<AuditEvent>find("entryHash is not null and id > ?1 order by id", after)
                                .page(Page.ofSize(MAX_PAGE)).list();
                        done = next.size() < MAX_PAGE;
                        page = next.iterator();
                        em.clear(); // a long log is not kept in the session
                    }
                    return page.hasNext();
                }

                @Override
                public AuditChain.Link next() {
                    AuditEvent e = page.next();
                    after = e.id;
                    return new AuditChain.Link(e.id, e.at, e.userId, e.clientAddress, e.via, e.eventType, e.resource, e.status,
                            e.detail, e.subject, e.before, e.after, e.origin, e.prevHash, e.entryHash);
                }
            };
            return AuditChain.verify(links, (String) chain[2], headId, (String) chain[1]);
        });
    }

    private static String clip(String text, int max) {
        String printable = text.replaceAll("[\\p{Cntrl}&&[^\\t]]", "?");
        return printable.length() <= max ? printable : printable.substring(0, max - 1) + "…";
    }
}
