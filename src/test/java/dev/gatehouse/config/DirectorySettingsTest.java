package dev.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import dev.gatehouse.config.DirectorySettings.GroupRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySettingsTest {

    private static final String STAFF = "cn=staff,ou=groups,dc=corp,dc=example";
    private static final String ADMINS = "cn=intranet-admins,ou=groups,dc=corp,dc=example";

    private static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put(DirectorySettings.URLS, "ldaps://dc1.corp.example, ldaps://dc2.corp.example:1636");
        values.put(DirectorySettings.BIND_DN, "cn=gatehouse,ou=services,dc=corp,dc=example");
        values.put(DirectorySettings.BIND_PASSWORD, "secret");
        values.put(DirectorySettings.USER_BASE, "ou=people,dc=corp,dc=example");
        values.put(DirectorySettings.GROUP_ROLES, ADMINS + "=admin;" + STAFF + "=user");
        return values;
    }

    private static DirectorySettings with(Map<String, String> values) {
        return DirectorySettings.load(key -> Optional.ofNullable(values.get(key)));
    }

    private static String refusal(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> with(values)).getMessage();
    }

    @Test
    void offWhenNoUrlsAreSetAndNothingElseIsRequired() {
        assertFalse(DirectorySettings.disabled().enabled());
        assertFalse(with(Map.of(DirectorySettings.URLS, "  ", DirectorySettings.TIMEOUT, "nonsense"))
                .enabled());
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() throws LDAPException {
        DirectorySettings settings = with(minimal());

        assertTrue(settings.enabled());
        assertEquals(2, settings.urls().size());
        assertEquals(636, settings.urls().get(0).getPort());
        assertEquals(1636, settings.urls().get(1).getPort());
        assertEquals(DirectorySettings.DEFAULT_USER_FILTER, settings.userFilter());
        assertEquals("displayName", settings.displayNameAttribute());
        assertEquals(Duration.ofSeconds(3), settings.timeout());
        assertEquals(Duration.ofMinutes(5), settings.recheckInterval());
        assertEquals(10, settings.poolSize());
        assertFalse(settings.startTls());
        assertFalse(settings.allowPlaintext());
        assertEquals(Optional.empty(), settings.trustStore());
        assertEquals(new DN("dc=corp,dc=example"), settings.groupBase());
    }

    @Test
    void plaintextLdapIsRefusedUnlessStartTlsOrExplicitlyAllowed() {
        Map<String, String> values = minimal();
        values.put(DirectorySettings.URLS, "ldap://dc1.corp.example");

        String message = refusal(values);
        assertTrue(message.contains(DirectorySettings.START_TLS + "=true"), message);
        assertTrue(message.contains(DirectorySettings.ALLOW_PLAINTEXT + "=true"), message);

        values.put(DirectorySettings.START_TLS, "true");
        assertEquals(389, with(values).urls().get(0).getPort());

        values.remove(DirectorySettings.START_TLS);
        values.put(DirectorySettings.ALLOW_PLAINTEXT, "true");
        assertTrue(with(values).allowPlaintext());
    }

    @Test
    void groupRolesSplitAtTheLastEqualsSignAndCompareAsDns() throws LDAPException {
        Map<String, String> values = minimal();
        values.put(
                DirectorySettings.GROUP_ROLES,
                " CN=Intranet Admins, OU=Groups, DC=corp, DC=example = Admin ;; cn=staff,ou=groups,dc=corp,dc=example=user;");

        List<GroupRole> roles = with(values).groupRoles();

        assertEquals(
                List.of(
                        new GroupRole(new DN("cn=intranet admins,ou=groups,dc=corp,dc=example"), "admin"),
                        new GroupRole(new DN(STAFF), "user")),
                roles);
    }

    @Test
    void anUnknownRoleNameIsRefused() {
        Map<String, String> values = minimal();
        values.put(DirectorySettings.GROUP_ROLES, STAFF + "=superuser");

        String message = refusal(values);
        assertTrue(message.contains("superuser") && message.contains(DirectorySettings.GROUP_ROLES), message);
    }

    @Test
    void groupRolesAreRequiredWhenTheDirectoryIsOn() {
        Map<String, String> values = minimal();
        values.remove(DirectorySettings.GROUP_ROLES);

        assertTrue(refusal(values).contains(DirectorySettings.GROUP_ROLES));
    }

    @Test
    void aMissingOrMalformedBindDnIsRefused() {
        Map<String, String> values = minimal();
        values.remove(DirectorySettings.BIND_DN);
        assertTrue(refusal(values).contains(DirectorySettings.BIND_DN));

        values.put(DirectorySettings.BIND_DN, "gatehouse service account");
        assertTrue(refusal(values).contains(DirectorySettings.BIND_DN));
    }

    @Test
    void aUserFilterWithoutThePlaceholderIsRefused() {
        Map<String, String> values = minimal();
        values.put(DirectorySettings.USER_FILTER, "(&(objectClass=person)(uid=alice))");
        assertTrue(refusal(values).contains(DirectorySettings.USER_FILTER));

        values.put(DirectorySettings.USER_FILTER, "(&(objectClass=person)(uid={0})");
        assertTrue(refusal(values).contains(DirectorySettings.USER_FILTER));

        values.put(DirectorySettings.USER_FILTER, DirectorySettings.ACTIVE_DIRECTORY_USER_FILTER);
        assertEquals(
                DirectorySettings.ACTIVE_DIRECTORY_USER_FILTER, with(values).userFilter());
    }

    @Test
    void theActiveDirectoryUserFilterLeavesOutComputerAccounts() throws LDAPException {
        // Computer accounts are objectClass=user too; only people have objectCategory=person.
        Filter filter = Filter.create(DirectorySettings.ACTIVE_DIRECTORY_USER_FILTER.replace("{0}", "alice"));

        assertEquals(Filter.FILTER_TYPE_AND, filter.getFilterType());
        assertTrue(
                List.of(filter.getComponents()).contains(Filter.createEqualityFilter("objectCategory", "person")),
                filter.toString());
    }

    @Test
    void timeoutsGiveTheCallDeadlineAndTheOutageWindow() {
        Map<String, String> values = minimal();
        values.put(DirectorySettings.TIMEOUT, "PT3S");
        assertEquals(Duration.ofSeconds(6), with(values).callDeadline());
        assertEquals(DirectorySettings.MIN_OUTAGE_WINDOW, with(values).outageWindow());

        values.put(DirectorySettings.TIMEOUT, "PT30S");
        assertEquals(Duration.ofMinutes(1), with(values).outageWindow());
    }

    @Test
    void theDefaultGroupBaseIsTheSuffixTheUserBaseAndAllGroupsShare() throws LDAPException {
        Map<String, String> values = minimal();
        values.put(DirectorySettings.USER_BASE, "ou=people,ou=hq,dc=corp,dc=example");
        values.put(DirectorySettings.GROUP_ROLES, "cn=staff,ou=groups,ou=hq,dc=corp,dc=example=user");
        assertEquals(new DN("ou=hq,dc=corp,dc=example"), with(values).groupBase());

        values.put(
                DirectorySettings.GROUP_ROLES, "cn=staff,ou=groups,ou=hq,dc=corp,dc=example=user;cn=x,dc=other=admin");
        assertTrue(refusal(values).contains(DirectorySettings.GROUP_BASE));

        values.put(DirectorySettings.GROUP_BASE, "dc=other");
        assertEquals(new DN("dc=other"), with(values).groupBase());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> values = minimal();
        values.put(DirectorySettings.URLS, "http://dc1.corp.example");
        values.put(DirectorySettings.TIMEOUT, "PT5M");
        values.put(DirectorySettings.RECHECK_INTERVAL, "PT1S");
        values.put(DirectorySettings.POOL_SIZE, "0");
        values.put(DirectorySettings.TRUST_STORE, "/nonexistent/trust.pem");

        String message = refusal(values);
        for (String key : List.of(
                DirectorySettings.URLS,
                DirectorySettings.TIMEOUT,
                DirectorySettings.RECHECK_INTERVAL,
                DirectorySettings.POOL_SIZE,
                DirectorySettings.TRUST_STORE)) {
            assertTrue(message.contains(key), key + " missing from: " + message);
        }
    }

    @Test
    void aReadableTrustStoreIsAccepted(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Map<String, String> values = minimal();
        values.put(DirectorySettings.TRUST_STORE, pem.toString());

        assertEquals(Optional.of(pem), with(values).trustStore());
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertFalse(with(minimal()).toString().contains("secret"));
    }
}
