package io.ucfleet.node.x509;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-1 and SHA-256 fingerprints of a DER encoding, lower-case hex without separators. */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String sha256(byte[] der) {
        return digest("SHA-256", der);
    }

    public static String sha1(byte[] der) {
        return digest("SHA-1", der);
    }

    private static String digest(String algorithm, byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
