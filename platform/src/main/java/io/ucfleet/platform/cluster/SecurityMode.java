package io.ucfleet.platform.cluster;

import java.util.Arrays;
import java.util.Optional;

/**
 * The cluster security mode ({@code utils ctl set-cluster mixed-mode / non-secure-mode}), as
 * ctl-service keeps it and reports it to the nodes ({@code clusterSecurityMode} on the wire).
 */
public enum SecurityMode {
    MIXED("mixed"),
    NON_SECURE("non-secure");

    /** The value in JSON and in the databases. */
    public final String wire;

    SecurityMode(String wire) {
        this.wire = wire;
    }

    public static Optional<SecurityMode> parse(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst();
    }
}
