package io.ucfleet.platform.trustlist;

import java.util.Arrays;
import java.util.Optional;

/**
 * Header tag 8: the hash of the file signature. SHA-1 = 1 is certain (the real Cisco file);
 * SHA-512 = 3 is what the open-source tool writes today (ctl-format.md §1.3).
 */
public enum DigestAlgorithm {
    SHA1(1, "SHA-1", "SHA1withRSA"),
    SHA512(3, "SHA-512", "SHA512withRSA");

    public final int code;
    public final String displayName;
    public final String jcaSignature;

    DigestAlgorithm(int code, String displayName, String jcaSignature) {
        this.code = code;
        this.displayName = displayName;
        this.jcaSignature = jcaSignature;
    }

    public static Optional<DigestAlgorithm> ofCode(int code) {
        return Arrays.stream(values()).filter(d -> d.code == code).findFirst();
    }

    /** Reads {@code ucfleet.ctl.digest}; a name it does not know is a configuration error, so the boot fails naming it. */
    public static final class Converter implements org.eclipse.microprofile.config.spi.Converter<DigestAlgorithm> {
        @Override
        public DigestAlgorithm convert(String value) {
            return parse(value).orElseThrow(() -> new IllegalArgumentException(
                    "ucfleet.ctl.digest must be SHA-1 or SHA-512, not \"" + value + "\""));
        }
    }

    /** "SHA-1", "sha1", "SHA512", "sha-512" */
    public static Optional<DigestAlgorithm> parse(String name) {
        String n = name == null ? "" : name.replace("-", "").trim().toUpperCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.name().equals(n)).findFirst();
    }
}
