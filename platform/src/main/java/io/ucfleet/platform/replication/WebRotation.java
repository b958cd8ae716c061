package io.ucfleet.platform.replication;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;

/**
 * A node's statement, signed with the key of the web certificate it replaced, that {@code sha256}
 * (its DER {@code der}) succeeded {@code previousSha256} as the certificate its HTTPS presents
 * (the wire record node-service serves and cluster-sync verifies; README, "HTTPS only"). A
 * chain of them from a certificate a client pinned leads to the one presented now, whoever saw
 * or missed the rotation happen: only the holder of the replaced key can sign its successor.
 */
public record WebRotation(String unit, String previousSha256, String sha256, byte[] der, String signatureAlgorithm,
        byte[] signature, Instant createdAt) {
    /** The only signature algorithms a statement may use: the node's keys are RSA or EC. */
    public static final Set<String> ALGORITHMS = Set.of("SHA256withRSA", "SHA256withECDSA");

    /** The bytes signed: a fixed label, the unit and both fingerprints, one per line. */
    public static byte[] signed(String unit, String previousSha256, String sha256) {
        return ("ucfleet web certificate rotation\n" + unit + "\n" + previousSha256 + "\n" + sha256 + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The algorithm a key of this JCA algorithm (RSA, EC) signs statements with. */
    public static String algorithmFor(String keyAlgorithm) {
        return "RSA".equals(keyAlgorithm) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** Whether {@code previous} (the certificate {@link #previousSha256} names) signed this statement. */
    public boolean signedBy(X509Certificate previous) {
        if (signatureAlgorithm == null || !ALGORITHMS.contains(signatureAlgorithm) || signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(previous.getPublicKey());
            verifier.update(signed(unit, previousSha256, sha256));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
