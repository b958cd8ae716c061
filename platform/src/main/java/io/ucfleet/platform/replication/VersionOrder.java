package io.ucfleet.platform.replication;

import java.util.Comparator;

/**
 * The cluster-wide order of changes to one (store, certificate): by version (the origin's
 * hybrid logical clock), ties broken by the origin's FQDN. The last change wins. A node applies
 * changes by it; cluster-sync's full pass decides by it. Written once, here.
 */
public final class VersionOrder {
    public static final Comparator<Version> ORDER = Comparator.comparingLong(Version::version).thenComparing(Version::origin);

    private VersionOrder() {
    }

    public static boolean after(long version, String origin, long otherVersion, String otherOrigin) {
        return version != otherVersion ? version > otherVersion : origin.compareTo(otherOrigin) > 0;
    }

    /** Whether {@code a} orders after {@code b}, so that {@code a} wins over it. */
    public static boolean after(Version a, Version b) {
        return ORDER.compare(a, b) > 0;
    }
}
