package io.ucfleet.node.truststore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.node.x509.CertificateFacts;

/**
 * Seed 002, "Install Intermediate Certificates": the root must be in the trust store first,
 * then the certificates it issued. Orders an upload so that every certificate follows its
 * issuer, looking for issuers first in the upload and then in the store; refuses the upload,
 * naming the missing issuer, when one is in neither. Pure: the store is a look-up function,
 * asked at most once per issuer name; the upload is indexed by subject, so a long chain in any
 * order costs one signature check per certificate and candidate issuer.
 */
public final class IssuerChain {
    private IssuerChain() {
    }

    /**
     * @param upload         certificates in upload order
     * @param trustedKeysFor keys of the store's certificates whose subject is the given name
     * @return the upload in installation order: each certificate after its issuer
     */
    public static List<X509CertificateHolder> installationOrder(String store, List<X509CertificateHolder> upload,
            Function<X500Name, List<SubjectPublicKeyInfo>> trustedKeysFor) {
        Map<X500Name, List<X509CertificateHolder>> bySubject = new HashMap<>();
        upload.forEach(c -> bySubject.computeIfAbsent(c.getSubject(), k -> new ArrayList<>()).add(c));
        Map<X500Name, List<SubjectPublicKeyInfo>> storeKeys = new HashMap<>();
        Function<X500Name, List<SubjectPublicKeyInfo>> stored = name -> storeKeys.computeIfAbsent(name, trustedKeysFor);

        Map<X509CertificateHolder, Integer> depth = new IdentityHashMap<>();
        for (X509CertificateHolder certificate : upload) {
            if (depth(certificate, bySubject, stored, depth, new IdentityHashMap<>()).isEmpty()) {
                throw missingIssuer(store, topOfBrokenChain(certificate, bySubject));
            }
        }
        List<X509CertificateHolder> ordered = new ArrayList<>(upload);
        ordered.sort(Comparator.comparingInt(depth::get)); // stable: upload order within a level
        return ordered;
    }

    /** Distance from an anchor (self-signed, or issued by a stored certificate); empty when unanchored. */
    private static Optional<Integer> depth(X509CertificateHolder certificate, Map<X500Name, List<X509CertificateHolder>> bySubject,
            Function<X500Name, List<SubjectPublicKeyInfo>> stored, Map<X509CertificateHolder, Integer> known,
            Map<X509CertificateHolder, Boolean> visiting) {
        Integer cached = known.get(certificate);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (visiting.put(certificate, Boolean.TRUE) != null) {
            return Optional.empty(); // a cycle of cross-issued certificates anchors nothing
        }
        Optional<Integer> result;
        if (CertificateFacts.isSelfSigned(certificate)
                || stored.apply(certificate.getIssuer()).stream().anyMatch(key -> CertificateFacts.isSignedBy(certificate, key))) {
            result = Optional.of(0);
        } else {
            result = Optional.empty();
            for (X509CertificateHolder issuer : bySubject.getOrDefault(certificate.getIssuer(), List.of())) {
                if (issuer != certificate && CertificateFacts.isSignedBy(certificate, issuer.getSubjectPublicKeyInfo())) {
                    result = depth(issuer, bySubject, stored, known, visiting).map(d -> d + 1);
                    if (result.isPresent()) {
                        break;
                    }
                }
            }
        }
        result.ifPresent(d -> known.put(certificate, d));
        return result;
    }

    /** Walks up through the upload to the certificate whose issuer is in neither the upload nor the store. */
    private static X509CertificateHolder topOfBrokenChain(X509CertificateHolder start,
            Map<X500Name, List<X509CertificateHolder>> bySubject) {
        X509CertificateHolder current = start;
        Map<X509CertificateHolder, Boolean> seen = new IdentityHashMap<>();
        while (seen.put(current, Boolean.TRUE) == null) {
            X509CertificateHolder child = current;
            Optional<X509CertificateHolder> parent = bySubject.getOrDefault(current.getIssuer(), List.of()).stream()
                    .filter(p -> p != child && CertificateFacts.isSignedBy(child, p.getSubjectPublicKeyInfo()))
                    .findFirst();
            if (parent.isEmpty()) {
                return current;
            }
            current = parent.get();
        }
        return current;
    }

    private static DomainProblem missingIssuer(String store, X509CertificateHolder top) {
        String missing = top.getIssuer().toString();
        return new DomainProblem(ProblemType.ISSUER_CHAIN_MISSING, "The issuer of \""
                + CertificateFacts.commonName(top.getSubject()) + "\" is not in " + store
                + ": upload the certificate of \"" + missing + "\" (the root first, then each intermediate) before it.",
                Map.of("missingIssuer", missing, "certificate", top.getSubject().toString()));
    }
}
