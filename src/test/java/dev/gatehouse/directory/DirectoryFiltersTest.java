package dev.gatehouse.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.sdk.DN;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryFiltersTest {

    @Test
    void activeDirectoryNestedGroupsAreOneInChainSearchWithTheDnEscaped() throws Exception {
        assertEquals(
                "(member:1.2.840.113556.1.4.1941:=cn=Alice Smith,ou=people,dc=corp,dc=example)",
                DirectoryFilters.groupsInChainOf(new DN("cn=Alice Smith,ou=people,dc=corp,dc=example"))
                        .toString());
        assertEquals(
                "(member:1.2.840.113556.1.4.1941:=cn=O\\5c, Brien \\28ext\\29\\2a,ou=people,dc=corp,dc=example)",
                DirectoryFilters.groupsInChainOf(new DN("cn=O\\, Brien (ext)*,ou=people,dc=corp,dc=example"))
                        .toString());
    }

    @Test
    void oneLevelOfNestingIsOneFilterOverMemberAndUniqueMember() throws Exception {
        List<DN> frontier = List.of(new DN("cn=a,dc=example"), new DN("cn=b,dc=example"));

        assertEquals(
                "(|(member=cn=a,dc=example)(uniqueMember=cn=a,dc=example)"
                        + "(member=cn=b,dc=example)(uniqueMember=cn=b,dc=example))",
                DirectoryFilters.groupsWithAnyMember(frontier).toString());
    }

    @Test
    void theUsernameIsEscapedInTheUserFilter() throws Exception {
        assertEquals(
                "(&(objectClass=user)(sAMAccountName=\\2a\\29\\28uid=\\2a\\5c00))",
                DirectoryFilters.user("(&(objectClass=user)(sAMAccountName={0}))", "*)(uid=*\\00")
                        .toString());
    }
}
