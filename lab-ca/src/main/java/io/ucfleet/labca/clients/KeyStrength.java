package io.ucfleet.labca.clients;

import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * Key size (our choice where the seeds are silent): RSA below 2048 bits or EC below 256 is refused,
 * as today's client TLS stacks refuse them; above 4096 is a warning (seed 004: 8192-bit keys break
 * SIP TLS on Expressway, 4096 is the recommended maximum; clients connect). Pure.
 */
public final class KeyStrength {
    public static final int MIN_RSA = 2048;
    public static final int MIN_EC = 256;
    public static final int MAX_RECOMMENDED_RSA = 4096;

    private KeyStrength() {
    }

    public record Finding(ReasonCode code, String detail) {
    }

    public static String type(PublicKey key) {
        return key instanceof RSAPublicKey ? "RSA" : key instanceof ECPublicKey ? "EC" : key.getAlgorithm();
    }

    public static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        return 0;
    }

    public static Optional<Finding> check(PublicKey key) {
        int bits = bits(key);
        String type = type(key);
        if (("RSA".equals(type) || "DSA".equals(type)) && bits < MIN_RSA) {
            return Optional.of(new Finding(ReasonCode.WEAK_KEY, type + " " + bits + " bits, below " + MIN_RSA));
        }
        if ("EC".equals(type) && bits < MIN_EC) {
            return Optional.of(new Finding(ReasonCode.WEAK_KEY, "EC " + bits + " bits, below " + MIN_EC));
        }
        if ("RSA".equals(type) && bits > MAX_RECOMMENDED_RSA) {
            return Optional.of(new Finding(ReasonCode.LARGE_KEY, "RSA " + bits + " bits, above the recommended "
                    + MAX_RECOMMENDED_RSA));
        }
        return Optional.empty();
    }
}
