package io.ucfleet.labca.keys;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** The CA key types the lab CA makes, their sizes and signature algorithms. */
public enum KeyType {
    RSA("RSA", 2048, List.of(2048, 3072, 4096)),
    /** P-256 signs with SHA-256, P-384 with SHA-384 (RFC 5480's pairing). */
    EC("EC", 256, List.of(256, 384));

    public final String jca;
    public final int defaultSize;
    public final List<Integer> sizes;

    KeyType(String jca, int defaultSize, List<Integer> sizes) {
        this.jca = jca;
        this.defaultSize = defaultSize;
        this.sizes = sizes;
    }

    /** {@code rsa} or {@code ec} (any case); else a 400 naming the field. */
    public static KeyType parse(String value) {
        if (value == null || value.isBlank()) {
            return RSA;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "rsa" -> RSA;
            case "ec", "ecdsa" -> EC;
            default -> throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"keyType\" must be rsa or ec, not \"" + value + "\".");
        };
    }

    /** The size, or the type's default; a size the type does not take is a 400. */
    public int size(Optional<Integer> requested) {
        int size = requested.orElse(defaultSize);
        if (!sizes.contains(size)) {
            throw new DomainProblem(ProblemType.INVALID_KEY_SIZE, name() + " keys are " + sizes + " bits, not " + size + ".");
        }
        return size;
    }

    public String signatureAlgorithm(int size) {
        return this == RSA ? "SHA256withRSA" : size >= 384 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
}
