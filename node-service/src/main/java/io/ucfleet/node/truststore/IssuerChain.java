package io.ucfleet.node.truststore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.node.problem.DomainProblem;
import io.ucfleet.node.problem.ProblemType;
import io.ucfleet.node.x509.CertificateFacts;

/**
 * Seed 002, "Install Intermediate Certificates": the root must be in the trust store first,
 * then the certificates it issued. Orders an upload so that every certificate follows its
 * issuer, looking for issuers first in the upload and then in the store; refuses the upload,
 * naming the missing issuer, when one is in neither. Pure: the store is a look-up function.
 */
public final class IssuerChain {
    private IssuerChain() {
    }

    /**
     * @param upload         certificates in upload order
     * @param trustedKeysFor keys of the store's certificates whose subject is the given name
     * @return the upload in installation order (roots and already-anchored ones first)
     */
    public static List<X509CertificateHolder> installationOrder(String store, List<X509CertificateHolder> upload,
            Function<X500Name, List<SubjectPublicKeyInfo>> trustedKeysFor) {
        List<X509CertificateHolder> pending = new ArrayList<>(upload);
        List<X509CertificateHolder> ordered = new ArrayList<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext();) {
                X509CertificateHolder candidate = it.next();
                if (anchored(candidate, ordered, trustedKeysFor)) {
                    ordered.add(candidate);
                    it.remove();
                    progress = true;
                }
            }
        }
        if (!pending.isEmpty()) {
            X509CertificateHolder orphan = pending.get(0);
            String missing = orphan.getIssuer().toString();
            throw new DomainProblem(ProblemType.ISSUER_CHAIN_MISSING, "The issuer of \""
                    + CertificateFacts.commonName(orphan.getSubject()) + "\" is not in " + store
                    + ": upload the certificate of \"" + missing + "\" (the root first, then each intermediate) before it.",
                    java.util.Map.of("missingIssuer", missing, "certificate", orphan.getSubject().toString()));
        }
        return ordered;
    }

    private static boolean anchored(X509CertificateHolder candidate, List<X509CertificateHolder> alreadyOrdered,
            Function<X500Name, List<SubjectPublicKeyInfo>> trustedKeysFor) {
        if (CertificateFacts.isSelfSigned(candidate)) {
            return true;
        }
        Optional<X509CertificateHolder> inUpload = alreadyOrdered.stream()
                .filter(issuer -> issuer.getSubject().equals(candidate.getIssuer())
                        && CertificateFacts.isSignedBy(candidate, issuer.getSubjectPublicKeyInfo()))
                .findFirst();
        return inUpload.isPresent() || trustedKeysFor.apply(candidate.getIssuer()).stream()
                .anyMatch(key -> CertificateFacts.isSignedBy(candidate, key));
    }
}
