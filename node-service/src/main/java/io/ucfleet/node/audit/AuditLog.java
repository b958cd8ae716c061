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
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    static final int MAX_RESOURCE = 512;
    static final int MAX_DETAIL = 1024;
    public static final int MAX_PAGE = 1000;

    @Inject
    Clock clock;
    @Inject
    NodeConfig config;

    /** Where a change came from. */
    public enum Via {
        REST, CERTMGR, CLI, MANAGEMENT, CLUSTER, PAGES;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One entry as the API lists it. */
    public record Entry(long id, Instant at, String userId, String clientAddress, String via, String eventType, String resource,
            String status, String detail) {
    }

    public void record(String user, String clientAddress, Via via, String eventType, String resource, boolean success,
            String detail) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                AuditEvent e = new AuditEvent();
                e.at = clock.instant();
                e.userId = clip(user == null || user.isBlank() ? "(anonymous)" : user, 128);
                e.clientAddress = clip(clientAddress == null ? "" : clientAddress, 64);
                e.via = via.id();
                e.eventType = clip(eventType, 64);
                e.resource = clip(resource, MAX_RESOURCE);
                e.status = success ? "success" : "failure";
                e.detail = clip(detail == null ? "" : detail, MAX_DETAIL);
                e.persist();
            });
        } catch (RuntimeException e) {
            LOG.warnf("audit log: could not record %s %s by %s (%s)", eventType, resource, user, e.getMessage());
        }
    }

    /** Newest first; {@code user} and {@code since} optional. */
    public List<Entry> list(String user, Instant since, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder where = new StringBuilder("1 = 1");
            Parameters parameters = new Parameters();
            if (user != null && !user.isBlank()) {
                where.append(" and userId = :user");
                parameters.and("user", user.strip());
            }
            if (since != null) {
                where.append(" and at >= :since");
                parameters.and("since", since);
            }
            return AuditEvent.<AuditEvent>find(where + " order by id desc", parameters).page(Page.ofSize(limit)).list()
                    .stream().map(e -> new Entry(e.id, e.at, e.userId, e.clientAddress, e.via, e.eventType, e.resource, e.status,
                            e.detail)).toList();
        });
    }

    @Scheduled(identity = "audit-retention", every = "${ucfleet.node.audit.prune-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        Duration retention = config.audit().retention();
        long deleted = QuarkusTransaction.requiringNew().call(() -> AuditEvent.delete("at < ?1",
                clock.instant().minus(retention)));
        if (deleted > 0) {
            LOG.infof("audit log: pruned %d entries older than %s", deleted, retention);
        }
    }

    private static String clip(String text, int max) {
        String printable = text.replaceAll("[\\p{Cntrl}&&[^\\t]]", "?");
        return printable.length() <= max ? printable : printable.substring(0, max - 1) + "…";
    }
}
