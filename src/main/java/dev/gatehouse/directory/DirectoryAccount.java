package dev.gatehouse.directory;

import dev.gatehouse.user.Role;
import java.util.Set;

/**
 * What the directory says about one person: the entry's DN, the name to show, the Gatehouse roles its (nested)
 * groups map to, and whether the directory has disabled or locked the account.
 */
public record DirectoryAccount(String dn, String displayName, Set<Role> roles, boolean disabled) {

    public DirectoryAccount {
        roles = Set.copyOf(roles);
    }

    /** Whether this person may have a session: enabled in the directory and in at least one mapped group. */
    public boolean mayHaveSession() {
        return !disabled && !roles.isEmpty();
    }
}
