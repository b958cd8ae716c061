package io.ucfleet.node.signing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.DigestAlgorithm;
import io.ucfleet.platform.trustlist.TrustListFile;
import io.ucfleet.platform.trustlist.TrustListFormatException;

/**
 * Tokenless CTL/ITL signing on the publisher: the ITLRecovery key signs the bytes ctl-service
 * sends (RSA PKCS#1 v1.5, SHA-1 as Cisco's files have, or SHA-512) and only the signature
 * leaves the node. ITLRecovery rather than CallManager because CUCM 12+ signs tokenless
 * CTLs and ITLs with it, and because phones keep trusting it across CallManager changes.
 * <p>
 * The key signs nothing but a trust list of this cluster ({@link TrustListContent}): the bytes
 * must parse as a CTL/ITL file without its SIGNATURE element, name this node's ITLRecovery as
 * signer, with the requested hash, and list only certificates that are current identities of the
 * cluster's nodes. Every signature is logged at INFO with the SHA-256 of what was signed and who
 * asked.
 */
@ApplicationScoped
public class TrustListSigning {
    private static final Logger LOG = Logger.getLogger(TrustListSigning.class);
    public static final String UNIT = IdentityProfile.ITLRECOVERY.unit;

    @Inject
    Identities identities;
    @Inject
    io.ucfleet.node.audit.AuditLog audit;
    @Inject
    ClusterIdentities cluster;

    public record Signed(byte[] signature, String algorithm, String certificateSha256) {
    }

    /**
     * @param expectedSha256 when given, the ITLRecovery certificate the caller built the file
     *                       with; a regeneration in between answers 409 instead of a signature
     *                       that would not verify.
     * @param user           who asks, and {@code address} from where: the log line and the audit log
     */
    public Signed sign(byte[] data, String digest, Optional<String> expectedSha256, String user, String address) {
        String caller = user + " from " + address;
        DigestAlgorithm algorithm = DigestAlgorithm.parse(digest == null ? "SHA-1" : digest).orElseThrow(() ->
                new DomainProblem(ProblemType.INVALID_DIGEST, "digest " + io.ucfleet.platform.problem.ProblemBody.quote(digest)
                        + " is not supported; CTL and ITL files are signed with SHA-1 or SHA-512.",
                        Map.of("allowed", java.util.List.of("SHA-1", "SHA-512"))));
        if (data == null || data.length == 0) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body holds no bytes to sign.");
        }
        IdentityProfile profile = identities.profile(UNIT);
        CertificateEntry current = QuarkusTransaction.requiringNew().call(() -> identities.current(profile));
        expectedSha256.filter(s -> !s.isBlank()).ifPresent(expected -> {
            if (!expected.equalsIgnoreCase(current.sha256)) {
                throw new DomainProblem(ProblemType.SIGNER_CHANGED, "The ITLRecovery certificate is now "
                        + current.sha256 + ", not " + io.ucfleet.platform.problem.ProblemBody.quote(expected)
                        + "; rebuild the file with the current one.", Map.of("currentSha256", current.sha256));
            }
        });
        CertificateFields signer = CertificateFields.of(current.der);
        TrustListFile file;
        try {
            file = TrustListFile.parseUnsigned(data, (signer.keyBits() + 7) / 8);
        } catch (TrustListFormatException e) {
            throw new DomainProblem(ProblemType.INVALID_TRUST_LIST, "The ITLRecovery key signs only a CTL or ITL file"
                    + " without its SIGNATURE element; this is not one: " + e.getMessage() + ".");
        }
        Set<String> clusterCertificates = cluster.currentIdentities();
        TrustListContent.check(file, signer, algorithm, clusterCertificates);
        // The key is read after the certificate; a regeneration in between would make the
        // signature fail ctl-service's own verification before the file is published.
        SigningKey key = QuarkusTransaction.requiringNew().call(() -> identities.signingKey(profile));
        byte[] signature;
        try {
            signature = key.sign(algorithm.jcaSignature, data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + UNIT, e);
        }
        LOG.infof("signed %s (%d records, %d bytes, SHA-256 %s) with %s %s for %s", file.fileName(),
                file.records().size(), data.length, sha256(data), UNIT, algorithm.jcaSignature, caller);
        audit.record(user, address, io.ucfleet.node.audit.AuditLog.Via.CLUSTER, "itl-recovery-signature", file.fileName(), true,
                file.records().size() + " records, " + data.length + " bytes, SHA-256 " + sha256(data) + ", "
                        + algorithm.jcaSignature + " with " + UNIT + " " + current.sha256);
        return new Signed(signature, algorithm.jcaSignature, current.sha256);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
