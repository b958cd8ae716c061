package io.ucfleet.node.truststore;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.identity.CiscoService;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The trust stores this node's role has (seed 002), and what a change to one of them requires. */
@ApplicationScoped
public class TrustStores {
    /**
     * Services that read a trust store only when they start, in the order to restart them.
     * Seed 002's tomcat-trust troubleshooting ends with "restart Cisco Tomcat" after certificates
     * change; seed 003, after the Exchange root goes into cup-trust: "restart the Presence Engine
     * first followed by the Proxy". Other stores: our choice, none.
     */
    private static final Map<String, List<CiscoService>> RESTART_AFTER_CHANGE = Map.of(
            "tomcat-trust", List.of(CiscoService.TOMCAT),
            "cup-trust", List.of(CiscoService.PRESENCE_ENGINE, CiscoService.SIP_PROXY));

    @Inject
    Node node;

    public record Summary(String name, long certificates) {
    }

    public List<String> names() {
        return node.role().trustStores;
    }

    @Transactional
    public List<Summary> summaries() {
        return names().stream().map(name -> new Summary(name, CertificateEntry.count("unit", name))).toList();
    }

    /** Of the services that must restart after {@code store} changes, those this node runs. */
    public List<CiscoService> restartsAfterChange(String store) {
        return RESTART_AFTER_CHANGE.getOrDefault(store, List.of()).stream().filter(node.role().services::contains).toList();
    }

    /** The restart reason a change of the store records; names the order when it matters. */
    public String restartReason(String store) {
        List<CiscoService> services = restartsAfterChange(store);
        return store + " changed" + (services.size() < 2 ? ""
                : " (restart " + String.join(" first, then ", services.stream().map(s -> s.displayName).toList()) + ")");
    }

    public void requireTrustStore(String store) {
        if (node.role().hasTrustStore(store)) {
            return;
        }
        String hint = node.role().identity(store).isPresent()
                ? " \"" + store + "\" is an identity certificate, not a trust store."
                : "";
        throw new DomainProblem(ProblemType.UNKNOWN_TRUST_STORE, "This " + node.role().displayName
                + " node has no trust store \"" + store + "\"." + hint + " Its trust stores are " + names() + ".");
    }
}
