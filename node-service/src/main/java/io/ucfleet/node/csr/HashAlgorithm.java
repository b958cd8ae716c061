package io.ucfleet.node.csr;

import java.util.Arrays;
import java.util.Optional;

import io.ucfleet.node.profile.KeyAlgorithm;

/** The CSR's signature hash (Cisco's "Hash Algorithm"). */
public enum HashAlgorithm {
    SHA256("sha256", "SHA256"), SHA384("sha384", "SHA384"), SHA512("sha512", "SHA512");

    public final String id;
    private final String jcaPrefix;

    HashAlgorithm(String id, String jcaPrefix) {
        this.id = id;
        this.jcaPrefix = jcaPrefix;
    }

    public String signatureAlgorithm(KeyAlgorithm key) {
        return jcaPrefix + (key == KeyAlgorithm.RSA ? "withRSA" : "withECDSA");
    }

    /** Accepts {@code sha256}, {@code SHA-256}, {@code SHA256}. */
    public static Optional<HashAlgorithm> byId(String id) {
        String normal = id.replace("-", "");
        return Arrays.stream(values()).filter(h -> h.id.equalsIgnoreCase(normal)).findFirst();
    }
}
