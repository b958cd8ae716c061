package io.ucfleet.node.x509;

import java.util.Optional;

/**
 * Unified CM security guide, release 15: "The maximum size of certificate supported for DER or
 * PEM is 4096 bits." Applies to every certificate a node takes, identity or trust. Pure.
 */
public final class KeySizeRule {
    public static final int MAX_BITS = 4096;

    private KeySizeRule() {
    }

    /** Why the certificate's key is refused, or empty when it is within the limit. */
    public static Optional<String> violation(CertificateFacts facts) {
        return facts.keySize() > MAX_BITS
                ? Optional.of("\"" + facts.commonName() + "\" has a " + facts.keySize() + "-bit " + facts.keyType()
                        + " key; Unified CM supports certificates of at most " + MAX_BITS + " bits")
                : Optional.empty();
    }
}
