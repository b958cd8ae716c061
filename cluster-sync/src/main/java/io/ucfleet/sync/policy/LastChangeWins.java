package io.ucfleet.sync.policy;

import java.util.Comparator;

import io.ucfleet.sync.feed.NodeClient.Version;

/**
 * The cluster-wide order of changes to one (store, certificate), described in
 * {@link ReplicationPolicy#ORDER}: by version (the origin's hybrid logical clock), ties broken
 * by the origin's FQDN. The full pass decides by it; each node applies the same order itself.
 */
public final class LastChangeWins {
    public static final Comparator<Version> ORDER = Comparator.comparingLong(Version::version)
            .thenComparing(Version::origin);

    private LastChangeWins() {
    }

    /** Whether {@code a} orders after {@code b}, so that {@code a} wins over it. */
    public static boolean after(Version a, Version b) {
        return ORDER.compare(a, b) > 0;
    }
}
