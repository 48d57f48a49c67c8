package dev.gatehouse.user;

import java.util.Locale;

/** What a user may do. Stored by name in {@code user_role.role}; servlet role names are the lower-case form. */
public enum Role {
    USER,
    ADMIN;

    /** The name used by {@code isUserInRole(...)} and shown to people. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
