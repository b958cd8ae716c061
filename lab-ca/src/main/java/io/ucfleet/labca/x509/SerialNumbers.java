package io.ucfleet.labca.x509;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * Serial numbers of everything the lab CA issues: 127 random bits with the top one set (always
 * positive, 16 octets, at least 64 bits of entropy), as node-service's. Written as upper-case hex
 * without separators; read with or without colons, in any case, with an optional {@code 0x}.
 */
public final class SerialNumbers {
    private SerialNumbers() {
    }

    public static BigInteger random(SecureRandom random) {
        return new BigInteger(126, random).setBit(126);
    }

    public static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    public static Optional<String> normalise(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip().replace(":", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 42 || !s.matches("[0-9a-fA-F]+")) {
            return Optional.empty();
        }
        return Optional.of(hex(new BigInteger(s, 16)));
    }
}
