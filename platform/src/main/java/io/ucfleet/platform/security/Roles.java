package io.ucfleet.platform.security;

/**
 * The roles of every ucfleet service: {@code admin} may change, {@code read-only} may list and download public material,
 * {@code cluster} is the account the cluster's own services (cluster-sync, ctl-service, peer
 * nodes) use to call a node. Accounts are configured with
 * {@code quarkus.security.users.embedded.*} (see README).
 */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String READ_ONLY = "read-only";
    public static final String CLUSTER = "cluster";

    private Roles() {
    }
}
