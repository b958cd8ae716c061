package io.ucfleet.node.control;

import java.sql.SQLException;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.ucfleet.node.config.Node;
import io.ucfleet.node.config.NodeWasReset;
import io.ucfleet.node.tls.HttpsIdentity;
import io.ucfleet.platform.database.Snapshot;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The node's part of a fleet snapshot: every table (certificates, trust stores, CSRs, keys
 * sealed as at rest, the outbox and its epoch, CTL state, services) but Flyway's history and the
 * SSH host key (the running server keeps the one it loaded). A restore then does what a reset
 * does after its TRUNCATE: memory forgets, HTTPS presents the restored tomcat.
 */
@ApplicationScoped
public class NodeSnapshots {
    private static final Logger LOG = Logger.getLogger(NodeSnapshots.class);
    static final String SERVICE = "node-service";
    /** Not part of a snapshot, and left as they are by a restore: the host key, and the audit log (history is not rolled back). */
    static final Set<String> KEPT = Set.of("ssh_host_key", "audit_event", "audit_chain");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Node node;
    @Inject
    HttpsIdentity https;
    @Inject
    Event<NodeWasReset> reset;

    public Snapshot take() throws SQLException {
        return Snapshot.take(dataSource, SERVICE, node.fqdn(), KEPT);
    }

    public synchronized void restore(Snapshot snapshot) throws SQLException {
        try {
            snapshot.restoreInto(dataSource, SERVICE, node.fqdn(), KEPT);
        } catch (IllegalArgumentException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, e.getMessage());
        }
        reset.fire(new NodeWasReset());
        https.publish();
        LOG.infof("restored from a snapshot: %d tables", snapshot.tables().size());
    }
}
