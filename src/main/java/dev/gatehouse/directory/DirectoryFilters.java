package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import dev.gatehouse.config.DirectorySettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The LDAP filters Gatehouse sends; every value from outside is escaped (RFC 4515), so input cannot change a filter. */
final class DirectoryFilters {

    /** Active Directory's LDAP_MATCHING_RULE_IN_CHAIN: matches groups the value belongs to, however deeply nested. */
    static final String IN_CHAIN_MATCHING_RULE = "1.2.840.113556.1.4.1941";

    static final String MEMBER = "member";
    static final String UNIQUE_MEMBER = "uniqueMember";

    private DirectoryFilters() {}

    /** The configured user filter with the escaped username in place of {@code {0}}. */
    static Filter user(String template, String username) throws LDAPException {
        return Filter.create(template.replace(DirectorySettings.USERNAME_PLACEHOLDER, Filter.encodeValue(username)));
    }

    /** Groups that list any of {@code members} directly, as {@code member} (groupOfNames) or {@code uniqueMember}. */
    static Filter groupsWithAnyMember(Collection<DN> members) {
        List<Filter> any = new ArrayList<>(members.size() * 2);
        for (DN member : members) {
            any.add(Filter.createEqualityFilter(MEMBER, member.toString()));
            any.add(Filter.createEqualityFilter(UNIQUE_MEMBER, member.toString()));
        }
        return Filter.createORFilter(any);
    }

    /** Active Directory only: every group {@code member} belongs to, directly or through nested groups. */
    static Filter groupsInChainOf(DN member) {
        return Filter.createExtensibleMatchFilter(MEMBER, IN_CHAIN_MATCHING_RULE, false, member.toString());
    }
}
