package io.ucfleet.platform.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The two signed trust lists phones download: the cluster's CTL and each TFTP node's ITL. */
public enum TrustListKind {
    CTL("CTLFile.tlv"),
    ITL("ITLFile.tlv");

    /** The file name phones ask TFTP for. */
    public final String fileName;

    TrustListKind(String fileName) {
        this.fileName = fileName;
    }

    /** "CTL", "ctl", "ITL", ... */
    public static Optional<TrustListKind> parse(String name) {
        return Arrays.stream(values()).filter(k -> name != null && k.name().equals(name.toUpperCase(Locale.ROOT))).findFirst();
    }
}
