package io.ucfleet.node.truststore;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import io.ucfleet.node.config.Node;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.inventory.Inventory;
import io.ucfleet.node.inventory.UnitLocks;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.replication.ChangeFeed;
import io.ucfleet.node.serviceability.Serviceability;
import io.ucfleet.node.x509.CertificateFacts;

/**
 * Seed 002, "Delete a Trust Certificate": only trust certificates can be deleted; deleting one
 * can break a chain, so the certificates it issued can be listed first, and the delete
 * itself must be confirmed. It cannot be undone.
 */
@ApplicationScoped
public class TrustDeletion {
    @Inject
    Node node;
    @Inject
    TrustStores stores;
    @Inject
    UnitLocks locks;
    @Inject
    Inventory inventory;
    @Inject
    Serviceability serviceability;
    @Inject
    ChangeFeed changeFeed;

    public record Deleted(CertificateEntry certificate, List<CertificateEntry> brokenChains) {
    }

    /** Certificates on this node (any unit) that the given certificate issued: the chains a delete breaks. */
    @Transactional
    public List<CertificateEntry> issuedBy(String unit, String sha256) {
        return issuedBy(inventory.get(unit, sha256));
    }

    @Transactional
    public Deleted delete(String unit, String sha256, boolean confirmed) {
        requireDeletable(unit);
        locks.lock(List.of(unit));
        CertificateEntry entry = inventory.get(unit, sha256);
        List<CertificateEntry> dependents = issuedBy(entry);
        if (!confirmed) {
            throw new DomainProblem(ProblemType.CONFIRMATION_REQUIRED, "Deleting \"" + entry.commonName + "\" from "
                    + unit + " cannot be undone" + (dependents.isEmpty() ? "" : " and breaks the chain of "
                            + dependents.size() + " certificate(s) it issued")
                    + ". Repeat the request with confirm=true.",
                    Map.of("dependents", dependents.stream().map(d -> d.unit + "/" + d.sha256 + " " + d.commonName).toList()));
        }
        entry.delete();
        changeFeed.deleted(unit, entry.sha256);
        serviceability.requireRestart(stores.restartsAfterChange(unit), stores.restartReason(unit));
        return new Deleted(entry, dependents);
    }

    private void requireDeletable(String unit) {
        if (node.role().identity(unit).isPresent()) {
            throw new DomainProblem(ProblemType.IDENTITY_NOT_DELETABLE, "\"" + unit
                    + "\" is an identity certificate of this node; only trust certificates can be deleted."
                    + " Regenerate it or install a CA-signed one instead.");
        }
        stores.requireTrustStore(unit);
    }

    private static List<CertificateEntry> issuedBy(CertificateEntry issuer) {
        SubjectPublicKeyInfo key = issuer.holder().getSubjectPublicKeyInfo();
        return CertificateEntry.findByIssuer(issuer.subject).stream()
                .filter(candidate -> !candidate.sha256.equals(issuer.sha256))
                .filter(candidate -> CertificateFacts.isSignedBy(candidate.holder(), key))
                .toList();
    }
}
