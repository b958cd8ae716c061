package io.ucfleet.node.serviceability;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * The node's simulated services (Cisco Unified Serviceability, Control Center). Certificate
 * changes flag the services Table 4 names; a restart clears the flag and makes the service
 * pick up the current certificate (observers of {@link ServiceRestarted}).
 */
@ApplicationScoped
public class Serviceability {
    @Inject
    Node node;
    @Inject
    Clock clock;
    @Inject
    Event<ServiceRestarted> restarted;
    @Inject
    io.ucfleet.node.audit.ChangeTrail trail;
    @Inject
    jakarta.persistence.EntityManager entityManager;

    /** A node boot starts every service: all pending restarts are satisfied. */
    @Transactional
    public void bootAll() {
        for (CiscoService service : node.role().services) {
            ServiceState state = ServiceState.findById(service.name());
            if (state == null) {
                state = new ServiceState();
                state.name = service.name();
                state.started(clock.instant());
                state.persist();
            } else {
                state.started(clock.instant());
            }
        }
    }

    /**
     * Flags services in the caller's transaction; only the ones this node runs. The rows are
     * locked, so concurrent changes add their reasons one after the other and a restart in
     * progress (which holds the row) cannot clear a reason it did not act on.
     */
    public void requireRestart(Collection<CiscoService> services, String reason) {
        List<CiscoService> sorted = services.stream().distinct().sorted().toList();
        if (sorted.isEmpty()) {
            return;
        }
        // One statement a service, in sorted order (two transactions never lock them crosswise), on
        // the transaction's connection: loading and flushing the entities cost a replicated batch
        // a seventh of its CPU (JFR, bench/replication-benchmark). The reasons are a set of lines.
        entityManager.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement update = connection.prepareStatement("update node_service"
                    + " set restart_required = true, restart_reasons = case"
                    + " when ? = any (string_to_array(restart_reasons, E'\\n')) then restart_reasons"
                    + " when restart_reasons = '' then ? else restart_reasons || E'\\n' || ? end where name = ?")) {
                for (CiscoService service : sorted) {
                    update.setString(1, reason);
                    update.setString(2, reason);
                    update.setString(3, reason);
                    update.setString(4, service.name());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    @Transactional
    public List<ServiceState> list() {
        return node.role().services.stream().map(s -> ServiceState.<ServiceState>findById(s.name())).toList();
    }

    public CiscoService resolve(String id) {
        return CiscoService.byId(id).filter(node.role().services::contains).orElseThrow(() -> new DomainProblem(
                ProblemType.UNKNOWN_SERVICE, "This " + node.role().displayName + " node runs no service \"" + id
                        + "\"; it runs " + node.role().services.stream().map(CiscoService::id).toList() + "."));
    }

    /**
     * Restarts a service: with its row locked, its observers reload what they serve (the
     * committed certificates), then its flag is cleared. A certificate change that commits
     * meanwhile waits for the lock and flags the service again afterwards.
     */
    @Transactional
    public ServiceState restart(String id) {
        CiscoService service = resolve(id);
        ServiceState state = ServiceState.findById(service.name(), LockModeType.PESSIMISTIC_WRITE);
        restarted.fire(new ServiceRestarted(service));
        state.started(clock.instant());
        trail.changed("service-restart", service.displayName, null, null);
        return state;
    }

    /** Fired synchronously on the restarting thread (a worker thread). */
    public record ServiceRestarted(CiscoService service) {
    }
}
