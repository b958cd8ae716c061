package io.ucfleet.node.profile;

import java.util.List;

/**
 * Key families of identity certificates. RSA units take 2048 (default), 3072 or 4096 bits
 * (seed 002: "regenerate with a new key length of 3072 or 4096"; seed 004: 4096 is the
 * recommended maximum). The -ECDSA units use NIST P-256 by default and accept P-384.
 */
public enum KeyAlgorithm {
    RSA("RSA", 2048, List.of(2048, 3072, 4096)),
    EC("EC", 256, List.of(256, 384));

    /** JCA algorithm name. */
    public final String jcaName;
    public final int defaultSize;
    public final List<Integer> allowedSizes;

    KeyAlgorithm(String jcaName, int defaultSize, List<Integer> allowedSizes) {
        this.jcaName = jcaName;
        this.defaultSize = defaultSize;
        this.allowedSizes = allowedSizes;
    }

    /** SHA-256 signatures for every unit, as the foundation issue asks. */
    public String signatureAlgorithm() {
        return this == RSA ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** The curve for an EC size (P-256, P-384). */
    public static String curveName(int size) {
        return switch (size) {
            case 256 -> "secp256r1";
            case 384 -> "secp384r1";
            default -> throw new IllegalArgumentException("no curve for " + size + " bits");
        };
    }
}
