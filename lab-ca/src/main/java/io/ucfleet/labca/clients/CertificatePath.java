package io.ucfleet.labca.clients;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The path a client builds from the server's certificate to a root it trusts, and what is wrong
 * with it. Built here, issuer by issuer (subject = issuer and the signature verifies), from the
 * certificates the server sent and the client's trust store, so a failure says which link is
 * missing (an intermediate the server did not send, a root the client lacks, a self-signed
 * certificate); then the JDK's PKIX validator, revocation off, judges the path found (signatures,
 * CA flags, path length, key usage, critical extensions). Validity is judged separately against
 * the lab's clock, so PKIX runs at an instant inside every certificate's validity when there is
 * one, and one expired certificate does not hide another fault. Pure.
 */
public final class CertificatePath {
    private static final int MAX_DEPTH = 10;

    private CertificatePath() {
    }

    /**
     * {@code path}: leaf first, each certificate's issuer after it; ends with the anchor when
     * {@code anchored}. {@code fromTrustStore}: which path positions came from the trust store.
     */
    public record Built(List<X509Certificate> path, boolean anchored, Set<Integer> fromTrustStore, List<Finding> findings) {
        public Optional<X509Certificate> issuerOf(int position) {
            return position + 1 < path.size() ? Optional.of(path.get(position + 1)) : Optional.empty();
        }

        /** The anchor's position, or -1. */
        public int anchorPosition() {
            return anchored ? path.size() - 1 : -1;
        }
    }

    /** A fault at a path position. */
    public record Finding(ReasonCode code, int position, String field, String detail) {
    }

    public static Built build(List<X509Certificate> presented, List<X509Certificate> trusted, Instant now) {
        List<X509Certificate> path = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Set<Integer> fromStore = new java.util.HashSet<>();
        X509Certificate current = presented.get(0);
        path.add(current);
        boolean anchored = false;
        if (contains(trusted, current)) {
            fromStore.add(0);
            anchored = true; // the server's own certificate is trusted as such (seed 000's Enterprise Trust)
        }
        while (!anchored && path.size() <= MAX_DEPTH) {
            Optional<X509Certificate> anchor = issuer(current, trusted);
            if (anchor.isPresent()) {
                if (!anchor.get().equals(current)) {
                    path.add(anchor.get());
                }
                fromStore.add(path.size() - 1);
                anchored = true;
                break;
            }
            if (selfSigned(current)) {
                int pos = path.size() - 1;
                findings.add(pos == 0
                        ? new Finding(ReasonCode.SELF_SIGNED, 0, "issuer", "self-signed, and not in the client's trust store")
                        : new Finding(ReasonCode.UNTRUSTED_ROOT, pos, "issuer", "the chain ends at this root, which is not"
                                + " in the client's trust store"));
                break;
            }
            List<X509Certificate> rest = new ArrayList<>(presented);
            rest.removeAll(path);
            Optional<X509Certificate> next = issuer(current, rest);
            if (next.isEmpty()) {
                javax.security.auth.x500.X500Principal wanted = current.getIssuerX500Principal();
                boolean sameName = trusted.stream().anyMatch(t -> t.getSubjectX500Principal().equals(wanted));
                findings.add(new Finding(ReasonCode.ISSUER_NOT_FOUND, path.size() - 1, "issuer", "its issuer \""
                        + current.getIssuerX500Principal().getName() + "\" " + (sameName
                                ? "is named in the trust store, but that certificate's key did not sign it"
                                : "was not sent by the server and is not in the client's trust store (a missing intermediate?)")));
                break;
            }
            current = next.get();
            path.add(current);
        }
        if (anchored && path.size() > 1) {
            findings.addAll(pkix(path, now));
        }
        return new Built(List.copyOf(path), anchored, Set.copyOf(fromStore), findings);
    }

    static boolean contains(List<X509Certificate> list, X509Certificate c) {
        return list.stream().anyMatch(t -> Arrays.equals(encoded(t), encoded(c)));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            return new byte[0];
        }
    }

    private static Optional<X509Certificate> issuer(X509Certificate child, List<X509Certificate> candidates) {
        return candidates.stream().filter(c -> c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                .filter(c -> verifies(child, c)).findFirst();
    }

    static boolean verifies(X509Certificate child, X509Certificate issuer) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && verifies(c, c);
    }

    /** The JDK's RFC 5280 validation of the built path (anchor excluded from the CertPath), revocation off. */
    private static List<Finding> pkix(List<X509Certificate> path, Instant now) {
        try {
            X509Certificate anchor = path.get(path.size() - 1);
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path.subList(0, path.size() - 1));
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(validInstant(path, now)));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return List.of();
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return List.of(); // no instant inside every validity: validity is reported by the lab's clock already
            }
            int index = Math.max(0, e.getIndex());
            return List.of(new Finding(ReasonCode.PATH_INVALID, index, field(e.getReason()), String.valueOf(e.getMessage())));
        } catch (GeneralSecurityException e) {
            return List.of(new Finding(ReasonCode.PATH_INVALID, 0, "certificate", "the path cannot be validated: "
                    + e.getMessage()));
        }
    }

    /** Now, if every certificate is valid now; else an instant inside all validities if there is one; else now. */
    private static Instant validInstant(List<X509Certificate> path, Instant now) {
        Instant latestStart = path.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo).orElse(now);
        Instant earliestEnd = path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElse(now);
        if (!now.isBefore(latestStart) && !now.isAfter(earliestEnd)) {
            return now;
        }
        return latestStart.isAfter(earliestEnd) ? now : latestStart;
    }

    private static String field(CertPathValidatorException.Reason reason) {
        if (reason == PKIXReason.NOT_CA_CERT || reason == PKIXReason.PATH_TOO_LONG) {
            return "basicConstraints";
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return "keyUsage";
        }
        if (reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return "extensions (critical)";
        }
        if (reason == PKIXReason.INVALID_NAME) {
            return "nameConstraints";
        }
        if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return "signature";
        }
        if (reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return "signatureAlgorithm";
        }
        if (reason == CertPathValidatorException.BasicReason.EXPIRED
                || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return "validity";
        }
        return "certificate";
    }
}
