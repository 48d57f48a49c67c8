package dev.gatehouse.user;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a user may do. Stored by name in {@code user_role.role}; servlet role names are the lower-case form. */
public enum Role {
    USER,
    ADMIN;

    /**
     * The roles named by their enum names, as the admin forms' checkboxes send them; none for null.
     *
     * @throws IllegalArgumentException for a name that is no role (no form of ours sends one)
     */
    public static Set<Role> fromNames(Collection<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            names.forEach(name -> roles.add(valueOf(name)));
        }
        return roles;
    }

    /** Role names in alphabetical order, e.g. {@code [admin, user]}, for the audit trail. */
    public static String describe(Collection<Role> roles) {
        return roles.stream().map(Role::roleName).sorted().toList().toString();
    }

    /** The name used by {@code isUserInRole(...)} and shown to people. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
