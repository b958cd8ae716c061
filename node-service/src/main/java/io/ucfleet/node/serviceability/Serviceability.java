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
        for (CiscoService service : services.stream().sorted().toList()) {
            ServiceState state = ServiceState.findById(service.name(), LockModeType.PESSIMISTIC_WRITE);
            if (state != null) {
                state.requireRestart(reason);
            }
        }
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
