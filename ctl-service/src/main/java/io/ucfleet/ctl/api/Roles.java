package io.ucfleet.ctl.api;

/** The same accounts and roles as node-service: {@code admin} changes, {@code read-only} reads. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String READ_ONLY = "read-only";

    private Roles() {
    }
}
