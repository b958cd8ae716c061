package io.ucfleet.node.cli;

import java.util.Set;

import io.ucfleet.platform.security.Roles;

/**
 * The platform CLI's privilege levels as our roles: level 1 (read-write) is {@code admin},
 * level 0 (read only) is {@code read-only}. The {@code cluster} service account has no CLI.
 */
public enum Privilege {
    READ_ONLY(0), ADMIN(1);

    public final int level;

    Privilege(int level) {
        this.level = level;
    }

    /** The highest level the roles grant, or null when they grant no CLI at all. */
    public static Privilege of(Set<String> roles) {
        if (roles.contains(Roles.ADMIN)) {
            return ADMIN;
        }
        return roles.contains(Roles.READ_ONLY) ? READ_ONLY : null;
    }
}
