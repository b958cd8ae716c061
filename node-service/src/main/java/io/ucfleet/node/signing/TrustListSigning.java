package io.ucfleet.node.signing;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.ucfleet.node.identity.Identities;
import io.ucfleet.node.profile.IdentityProfile;
import io.ucfleet.node.inventory.CertificateEntry;
import io.ucfleet.node.keys.SigningKey;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * Tokenless CTL/ITL signing on the publisher: the ITLRecovery key signs the bytes ctl-service
 * sends (RSA PKCS#1 v1.5, SHA-1 as Cisco's files have, or SHA-512) and only the signature
 * leaves the node. ITLRecovery rather than CallManager because CUCM 12+ signs tokenless
 * CTLs and ITLs with it, and because phones keep trusting it across CallManager changes.
 */
@ApplicationScoped
public class TrustListSigning {
    public static final String UNIT = IdentityProfile.ITLRECOVERY.unit;

    @Inject
    Identities identities;

    public record Signed(byte[] signature, String algorithm, String certificateSha256) {
    }

    /**
     * @param expectedSha256 when given, the ITLRecovery certificate the caller built the file
     *                       with; a regeneration in between answers 409 instead of a signature
     *                       that would not verify.
     */
    public Signed sign(byte[] data, String digest, Optional<String> expectedSha256) {
        String algorithm = switch (digest == null ? "SHA1" : digest.toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SHA1" -> "SHA1withRSA";
            case "SHA512" -> "SHA512withRSA";
            default -> throw new DomainProblem(ProblemType.INVALID_DIGEST, "digest \"" + digest
                    + "\" is not supported; CTL and ITL files are signed with SHA-1 or SHA-512.",
                    Map.of("allowed", java.util.List.of("SHA-1", "SHA-512")));
        };
        if (data == null || data.length == 0) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body holds no bytes to sign.");
        }
        IdentityProfile profile = identities.profile(UNIT);
        CertificateEntry current = QuarkusTransaction.requiringNew().call(() -> identities.current(profile));
        expectedSha256.filter(s -> !s.isBlank()).ifPresent(expected -> {
            if (!expected.equalsIgnoreCase(current.sha256)) {
                throw new DomainProblem(ProblemType.SIGNER_CHANGED, "The ITLRecovery certificate is now "
                        + current.sha256 + ", not " + expected + "; rebuild the file with the current one.",
                        Map.of("currentSha256", current.sha256));
            }
        });
        // The key is read after the certificate; a regeneration in between would make the
        // signature fail ctl-service's own verification before the file is published.
        SigningKey key = QuarkusTransaction.requiringNew().call(() -> identities.signingKey(profile));
        try {
            return new Signed(key.sign(algorithm, data), algorithm, current.sha256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + UNIT, e);
        }
    }
}
