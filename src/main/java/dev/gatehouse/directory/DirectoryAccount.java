package dev.gatehouse.directory;

import dev.gatehouse.user.Role;
import java.util.Set;

/**
 * What the directory says about one person: the entry's DN, the name to show, the Gatehouse roles its (nested)
 * groups map to, whether the directory has disabled or locked the account, and the entry's stable identity
 * ({@code entryId}: its {@code entryUUID} or Active Directory {@code objectGUID}, else its normalised DN), which
 * stays the same when the entry is renamed or moved and differs when a username is reused for someone else.
 */
public record DirectoryAccount(String dn, String displayName, Set<Role> roles, boolean disabled, String entryId) {

    public DirectoryAccount {
        roles = Set.copyOf(roles);
    }

    /** Whether this person may have a session: enabled in the directory and in at least one mapped group. */
    public boolean mayHaveSession() {
        return !disabled && !roles.isEmpty();
    }
}
