package io.ucfleet.node.x509;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Serial numbers of every certificate a node issues: 127 random bits with the top one set, so
 * always positive, at most 16 octets (RFC 5280: at most 20) and never fewer than 64 bits of
 * entropy (CA/Browser Forum baseline). The one serial policy.
 */
public final class SerialNumbers {
    private SerialNumbers() {
    }

    public static BigInteger random(SecureRandom random) {
        return new BigInteger(126, random).setBit(126);
    }
}
