package io.ucfleet.node.truststore;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.profile.CiscoService;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The trust stores this node's role has (seed 002), and what a change to one of them requires. */
@ApplicationScoped
public class TrustStores {
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

    /** The certificates of a store, as a chain is judged against them (a trust store holds a few hundred at most). */
    @Transactional
    public List<X509CertificateHolder> certificates(String store) {
        requireTrustStore(store);
        return CertificateEntry.<CertificateEntry>list("unit", store).stream().map(CertificateEntry::holder).toList();
    }

    /** Of the services that must restart after {@code store} changes, those this node runs (the role's table). */
    public List<CiscoService> restartsAfterChange(String store) {
        return node.role().restartsAfterTrustChange(store);
    }

    public String restartReason(String store) {
        return node.role().trustChangeReason(store);
    }

    public void requireTrustStore(String store) {
        if (node.role().hasTrustStore(store)) {
            return;
        }
        String hint = node.role().identity(store).isPresent()
                ? " " + io.ucfleet.platform.problem.ProblemBody.quote(store) + " is an identity certificate, not a trust store."
                : "";
        throw new DomainProblem(ProblemType.UNKNOWN_TRUST_STORE, "This " + node.role().displayName
                + " node has no trust store " + io.ucfleet.platform.problem.ProblemBody.quote(store) + "." + hint + " Its trust stores are " + names() + ".");
    }
}
