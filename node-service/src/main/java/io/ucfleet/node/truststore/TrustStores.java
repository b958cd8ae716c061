package io.ucfleet.node.truststore;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;

/** The trust stores this node's role has (seed 002), and the check that a name is one of them. */
@ApplicationScoped
public class TrustStores {
    @Inject
    Node node;

    public List<String> names() {
        return node.role().trustStores;
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
