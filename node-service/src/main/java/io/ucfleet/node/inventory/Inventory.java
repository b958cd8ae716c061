package io.ucfleet.node.inventory;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.ucfleet.node.config.Node;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** Looks up one certificate of this node by unit and SHA-256, with problems that say what is wrong. */
@ApplicationScoped
public class Inventory {
    @Inject
    Node node;

    /** Refuses a name that is neither an identity unit nor a trust store of this node's role. */
    public void requireUnit(String unit) {
        if (!node.role().hasTrustStore(unit) && node.role().identity(unit).isEmpty()) {
            throw new DomainProblem(ProblemType.UNKNOWN_UNIT, "This " + node.role().displayName + " node has no unit \""
                    + unit + "\"; it has " + node.role().identities.stream().map(p -> p.unit).toList() + " and "
                    + node.role().trustStores + ".");
        }
    }

    @Transactional
    public CertificateEntry get(String unit, String sha256) {
        requireUnit(unit);
        return CertificateEntry.findByUnitAndSha256(unit, sha256.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new DomainProblem(ProblemType.CERTIFICATE_NOT_FOUND,
                        unit + " holds no certificate with SHA-256 fingerprint " + sha256 + "."));
    }
}
