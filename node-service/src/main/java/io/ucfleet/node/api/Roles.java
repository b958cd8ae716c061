package io.ucfleet.node.api;

/**
 * The two administrator roles: {@code admin} may change, {@code read-only} may list and
 * download public material. Accounts are configured with
 * {@code quarkus.security.users.embedded.*} (see README).
 */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String READ_ONLY = "read-only";

    private Roles() {
    }
}
