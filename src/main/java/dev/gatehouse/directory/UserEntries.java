package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.Entry;
import java.util.List;
import java.util.Optional;

/** Reads what Gatehouse needs from a user's entry: the name to show and whether the directory disabled the account. */
final class UserEntries {

    static final String CN = "cn";
    /** Active Directory; bit {@value #ACCOUNTDISABLE} set means disabled. */
    static final String USER_ACCOUNT_CONTROL = "userAccountControl";

    static final int ACCOUNTDISABLE = 0x2;
    /** 389 Directory Server, Red Hat IdM/FreeIPA and Oracle directories: {@code TRUE} means locked. */
    static final String NS_ACCOUNT_LOCK = "nsAccountLock";
    /** OpenLDAP's password policy (ppolicy): present once the account is locked. Operational, so asked for by name. */
    static final String PWD_ACCOUNT_LOCKED_TIME = "pwdAccountLockedTime";

    private UserEntries() {}

    /** The attributes to request for a user: the display name, its {@code cn} fallback and the lock markers. */
    static String[] attributes(String displayNameAttribute) {
        return List.of(displayNameAttribute, CN, USER_ACCOUNT_CONTROL, NS_ACCOUNT_LOCK, PWD_ACCOUNT_LOCKED_TIME)
                .toArray(String[]::new);
    }

    /** Whether the directory has disabled or locked the account, in any of the three common ways. */
    static boolean disabled(Entry entry) {
        Integer control = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
        boolean adDisabled = control != null && (control & ACCOUNTDISABLE) != 0;
        boolean locked = "true".equalsIgnoreCase(entry.getAttributeValue(NS_ACCOUNT_LOCK));
        return adDisabled || locked || entry.hasAttribute(PWD_ACCOUNT_LOCKED_TIME);
    }

    /** The configured attribute, else {@code cn}, else the username. */
    static String displayName(Entry entry, String displayNameAttribute, String username) {
        return nonBlank(entry.getAttributeValue(displayNameAttribute))
                .or(() -> nonBlank(entry.getAttributeValue(CN)))
                .orElse(username);
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
