package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds every group a user belongs to, directly or through nested groups, under the group base. Active Directory
 * answers that in one search; elsewhere the groups are walked level by level, cycle-safe and capped.
 */
final class GroupMembership {

    static final int MAX_LEVELS = 20;
    static final int MAX_GROUPS = 1000;
    /** "No attributes": only the groups' DNs are needed. */
    private static final String NO_ATTRIBUTES = "1.1";

    private static final System.Logger LOG = System.getLogger(GroupMembership.class.getName());

    private final DN groupBase;

    GroupMembership(DN groupBase) {
        this.groupBase = groupBase;
    }

    /**
     * The DNs of the user's groups, nested ones included.
     *
     * @throws LDAPException also when the group base does not exist (or the service account may not read it): that
     *     is no answer, not "no groups"
     */
    Set<DN> of(LDAPInterface directory, DN user, boolean activeDirectory, Deadline deadline) throws LDAPException {
        return activeDirectory ? inChain(directory, user, deadline) : walk(directory, user, deadline);
    }

    private Set<DN> inChain(LDAPInterface directory, DN user, Deadline deadline) throws LDAPException {
        Set<DN> groups = new HashSet<>();
        List<SearchResultEntry> found = search(directory, DirectoryFilters.groupsInChainOf(user), MAX_GROUPS, deadline);
        for (SearchResultEntry group : found.subList(0, Math.min(found.size(), MAX_GROUPS))) {
            groups.add(group.getParsedDN());
        }
        warnIfCapped(user, found.size() > MAX_GROUPS);
        return groups;
    }

    private Set<DN> walk(LDAPInterface directory, DN user, Deadline deadline) throws LDAPException {
        Set<DN> groups = new HashSet<>();
        List<DN> frontier = List.of(user);
        boolean capped = false;
        for (int level = 0; level < MAX_LEVELS && !frontier.isEmpty() && groups.size() < MAX_GROUPS; level++) {
            List<DN> next = new ArrayList<>();
            int room = MAX_GROUPS - groups.size();
            for (SearchResultEntry group :
                    search(directory, DirectoryFilters.groupsWithAnyMember(frontier), room, deadline)) {
                DN dn = group.getParsedDN();
                // Seen before means a cycle or a diamond: its members are already on the way.
                if (groups.size() >= MAX_GROUPS) {
                    capped = true;
                } else if (groups.add(dn)) {
                    next.add(dn);
                }
            }
            frontier = next;
        }
        warnIfCapped(user, capped || !frontier.isEmpty());
        return groups;
    }

    private List<SearchResultEntry> search(LDAPInterface directory, Filter filter, int limit, Deadline deadline)
            throws LDAPException {
        SearchRequest request = new SearchRequest(groupBase.toString(), SearchScope.SUB, filter, NO_ATTRIBUTES);
        // One more than needed, so that reaching the cap is noticed.
        request.setSizeLimit(limit + 1);
        request.setResponseTimeoutMillis(deadline.nextTimeoutMillis());
        try {
            return directory.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return e.getSearchEntries();
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                // Without this, a renamed group base would take every role from everyone at their next recheck.
                LOG.log(
                        Level.WARNING,
                        "The group base {0} does not exist in the directory, or the service account may not read it",
                        groupBase);
            }
            throw e;
        }
    }

    private void warnIfCapped(DN user, boolean capped) {
        if (capped) {
            LOG.log(
                    Level.WARNING,
                    "Group search for {0} stopped at {1} groups or {2} levels of nesting; roles may be missing",
                    user,
                    MAX_GROUPS,
                    MAX_LEVELS);
        }
    }
}
