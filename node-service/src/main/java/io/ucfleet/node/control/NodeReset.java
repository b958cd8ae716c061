package io.ucfleet.node.control;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.authz.AuthzKeys;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeWasReset;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.node.tls.HttpsIdentity;

/**
 * The management API's reset (not a Cisco operation): the node as freshly installed, in about a
 * second instead of a reboot on an empty data directory. Every table is emptied but Flyway's
 * history and the SSH host key (kept, so that clients' known_hosts stay valid); the outbox gets a
 * new epoch, so cluster-sync reads the node's feed afresh; then the first start runs again: a new
 * self-signed identity set (and its trust-store copies), the publisher's AUTHZ keys, every
 * service started, HTTPS presenting the new tomcat.
 */
@ApplicationScoped
public class NodeReset {
    private static final Logger LOG = Logger.getLogger(NodeReset.class);
    /**
     * Kept across a reset; every other table of the schema is emptied, including tables added later.
     * The audit log is kept: it records the reset itself, and who did it.
     */
    static final List<String> KEPT = List.of("flyway_schema_history", "replication_epoch", "ssh_host_key", "audit_event", "audit_chain");

    @Inject
    EntityManager entityManager;
    @Inject
    Node node;
    @Inject
    Identities identities;
    @Inject
    AuthzKeys authz;
    @Inject
    Serviceability serviceability;
    @Inject
    HttpsIdentity https;
    @Inject
    Event<NodeWasReset> reset;

    public record Result(String node, List<String> emptied, List<String> identities, long millis) {
    }

    public synchronized Result reset() {
        long start = System.nanoTime();
        List<String> emptied = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> tables = entityManager.createNativeQuery("select tablename from pg_tables"
                    + " where schemaname = current_schema() and tablename <> all (cast(:kept as text[])) order by tablename")
                    .setParameter("kept", KEPT.toArray(String[]::new)).getResultList();
            // One statement: TRUNCATE takes every table's lock at once, so no request sees half a reset.
            entityManager.createNativeQuery("truncate " + String.join(", ", tables) + " restart identity").executeUpdate();
            entityManager.createNativeQuery("update replication_epoch set epoch = md5(random()::text || clock_timestamp()::text)")
                    .executeUpdate();
            return tables;
        });
        List<String> created = identities.ensureIdentitySet();
        QuarkusTransaction.requiringNew().run(() -> {
            authz.ensureGenerated();
            serviceability.bootAll();
        });
        reset.fire(new NodeWasReset());
        https.publish();
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("reset to a fresh install in %d ms: emptied %s; new identities %s", millis, emptied, created);
        return new Result(node.fqdn(), emptied, created, millis);
    }
}
