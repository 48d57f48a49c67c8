package dev.gatehouse.directory;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.CompanyDirectory;
import dev.gatehouse.testing.Forgeries;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDirectory;
import dev.gatehouse.user.Role;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-in with the company directory against a real LDAP server (UnboundID's in-memory server in this JVM,
 * spoken to over LDAPS by the Payara server), attacked and broken the ways a real directory breaks: nested and
 * look-alike groups, filter injection, a dead first server, a server that never answers, a certificate nobody
 * trusts, and people leaving while signed in.
 */
@ExtendWith(CompanyDirectory.Serving.class)
class DirectoryIT extends IntegrationTest {

    private static final String PASSWORD = "directory password of the test";
    private static final TestDirectory DIRECTORY = CompanyDirectory.SERVER;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.directory();
    }

    /** A new directory user in a team group nested in {@code group}; returns the username. */
    private String personInTeamOf(String prefix, String group) {
        String uid = TestDatabase.uniqueUsername(prefix);
        DIRECTORY.addUser(uid, "Person " + uid, PASSWORD);
        String team = "cn=team-" + uid + "," + TestDirectory.GROUPS_DN;
        DIRECTORY.addGroup(team, TestDirectory.userDn(uid));
        DIRECTORY.addToGroup(group, team);
        return uid;
    }

    private HttpResponse<String> me(String token) {
        return client.getWithSession("/api/me", token);
    }

    @Test
    void rolesComeFromNestedGroupsAndTheFirstSignInProvisionsTheUser() {
        String staff = personInTeamOf("sta", TestDirectory.STAFF_DN);
        String admin = personInTeamOf("adm", TestDirectory.ADMINS_DN);

        String staffToken = client.signInForToken(staff, PASSWORD);
        HttpResponse<String> staffMe = me(staffToken);
        assertEquals(200, staffMe.statusCode());
        assertTrue(staffMe.body().contains("\"roles\":[\"user\"]"), staffMe.body());
        assertTrue(staffMe.body().contains("\"displayName\":\"Person " + staff + "\""), staffMe.body());
        assertEquals(
                403, client.getWithSession("/admin/users.xhtml", staffToken).statusCode());

        String adminToken = client.signInForToken(admin, PASSWORD);
        assertTrue(me(adminToken).body().contains("\"admin\""), me(adminToken).body());
        HttpResponse<String> users = client.getWithSession("/admin/users.xhtml?q=" + staff, adminToken);
        assertEquals(200, users.statusCode());
        assertTrue(users.body().contains("<td class=\"source\">directory</td>"), users.body());

        assertEquals("DIRECTORY", db.queryString("select source from app_user where username = ?", staff));
        assertEquals(
                0L,
                db.queryLong("select count(*) from app_user where username = ? and password_hash is not null", staff),
                "Gatehouse stores no directory password");
        assertEquals(1L, db.auditEvents("USER_CREATED", staff, null));
    }

    @Test
    void aGroupCycleEndsAndStillGrantsItsRole() {
        String uid = personInTeamOf("cyc", TestDirectory.STAFF_DN);
        String loopA = "cn=loop-a-" + uid + "," + TestDirectory.GROUPS_DN;
        String loopB = "cn=loop-b-" + uid + "," + TestDirectory.GROUPS_DN;
        DIRECTORY.addGroup(loopA, TestDirectory.userDn(uid));
        DIRECTORY.addGroup(loopB, loopA);
        DIRECTORY.addToGroup(loopA, loopB);

        assertTrue(me(client.signInForToken(uid, PASSWORD)).body().contains("\"roles\":[\"user\"]"));
    }

    @Test
    void aSameNamedGroupElsewhereInTheTreeGrantsNothing() {
        String decoyOnly = TestDatabase.uniqueUsername("dec");
        DIRECTORY.addUser(decoyOnly, "Decoy " + decoyOnly, PASSWORD);
        DIRECTORY.addToGroup(TestDirectory.DECOY_ADMINS_DN, TestDirectory.userDn(decoyOnly));
        String staffAndDecoy = personInTeamOf("sad", TestDirectory.STAFF_DN);
        DIRECTORY.addToGroup(TestDirectory.DECOY_ADMINS_DN, TestDirectory.userDn(staffAndDecoy));

        HttpResponse<String> refused = client.signIn(decoyOnly, PASSWORD, null);
        assertTrue(sessionCookie(refused).isEmpty(), "a user whose only group is a look-alike cannot sign in");
        assertTrue(refused.body().contains("Incorrect username or password"), "the same answer as a wrong password");
        assertEquals(
                1L,
                db.auditEventsWithDetail("SIGN_IN_FAILED", decoyOnly, "%no directory group%"),
                "the audit log says why");
        assertEquals(0L, db.queryLong("select count(*) from app_user where username = ?", decoyOnly));

        String token = client.signInForToken(staffAndDecoy, PASSWORD);
        assertTrue(me(token).body().contains("\"roles\":[\"user\"]"), me(token).body());
    }

    @Test
    void ldapFilterInjectionInTheUsernameSignsInNobody() {
        personInTeamOf("inj", TestDirectory.ADMINS_DN);
        for (String username : List.of("*", ")(uid=*", "\\00", "*)(|(objectClass=*)", "inj*", "*)(uid=*))(|(uid=*")) {
            HttpResponse<String> attempt = client.signIn(username, PASSWORD, null);
            assertEquals(200, attempt.statusCode(), username);
            assertTrue(sessionCookie(attempt).filter(c -> !c.value().isEmpty()).isEmpty(), username);
            assertTrue(attempt.body().contains("Incorrect username or password"), username);
        }
        assertEquals(0L, db.queryLong("select count(*) from app_user where username like '%*%'"));
    }

    @Test
    void theFirstServerBeingClosedFailsOverToTheNext() {
        assertThrows(ConnectException.class, () -> connect(CompanyDirectory.CLOSED_PORT));
        String uid = personInTeamOf("fo", TestDirectory.STAFF_DN);

        assertEquals(200, me(client.signInForToken(uid, PASSWORD)).statusCode());
    }

    @Test
    void aDirectoryThatNeverAnswersGivesTheUnavailablePageWhileSessionsAndLocalAccountsWork() {
        String signedIn = personInTeamOf("hng", TestDirectory.STAFF_DN);
        String later = personInTeamOf("lat", TestDirectory.STAFF_DN);
        String token = client.signInForToken(signedIn, PASSWORD);
        String local = TestDatabase.uniqueUsername("loc");
        db.createUser(local, PASSWORD, Role.USER);

        DIRECTORY.stop();
        DIRECTORY.startHanging(CompanyDirectory.PORT);
        HttpResponse<String> unavailable = client.signIn(later, PASSWORD, null);

        assertEquals(503, unavailable.statusCode());
        assertTrue(unavailable.body().contains("directory-unavailable"), unavailable.body());
        assertTrue(unavailable.headers().firstValue("Retry-After").isPresent());
        assertFalse(unavailable.body().contains("Exception"), "no stack trace");
        assertEquals(200, me(token).statusCode(), "a live session keeps working");
        assertEquals(200, me(client.signInForToken(local, PASSWORD)).statusCode(), "local accounts sign in");
        assertEquals(0L, db.queryLong("select failed_logins from app_user where username = ?", signedIn));
    }

    @Test
    void aCertificateTheTrustStoreDoesNotHoldIsRefused() {
        String uid = personInTeamOf("tls", TestDirectory.STAFF_DN);
        DIRECTORY.stop();
        DIRECTORY.startWithUntrustedCertificate(CompanyDirectory.PORT);
        DIRECTORY.reset();
        DIRECTORY.addUser(uid, "Person " + uid, PASSWORD);
        DIRECTORY.addToGroup(TestDirectory.STAFF_DN, TestDirectory.userDn(uid));

        HttpResponse<String> refused = client.signIn(uid, PASSWORD, null);

        assertEquals(503, refused.statusCode());
        assertTrue(sessionCookie(refused).filter(c -> !c.value().isEmpty()).isEmpty());
    }

    @Test
    void theRecheckUpdatesRolesAndEndsTheSessionsOfDisabledAndDeletedUsers() {
        String demoted = personInTeamOf("dem", TestDirectory.ADMINS_DN);
        DIRECTORY.addToGroup(TestDirectory.STAFF_DN, TestDirectory.userDn(demoted));
        String disabled = personInTeamOf("dis", TestDirectory.STAFF_DN);
        String deleted = personInTeamOf("del", TestDirectory.STAFF_DN);
        String demotedToken = client.signInForToken(demoted, PASSWORD);
        String disabledToken = client.signInForToken(disabled, PASSWORD);
        String deletedToken = client.signInForToken(deleted, PASSWORD);
        assertEquals(
                200, client.getWithSession("/admin/users.xhtml", demotedToken).statusCode());

        DIRECTORY.removeFromGroup(TestDirectory.ADMINS_DN, "cn=team-" + demoted + "," + TestDirectory.GROUPS_DN);
        DIRECTORY.disable(disabled);
        DIRECTORY.delete(deleted);
        assertEquals(
                0,
                server.recheckDirectory().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum(),
                "just signed in: nobody is due yet");
        assertEquals(
                200, client.getWithSession("/admin/users.xhtml", demotedToken).statusCode());

        server.advanceClock(Duration.ofMinutes(5).plusSeconds(1));
        // what each user got is read from the audit trail, not from this round's counts: the node's own scheduled
        // round may have come first
        server.recheckDirectory();

        server.awaitChangesCommittedSoFar();
        assertEquals(
                403, client.getWithSession("/admin/users.xhtml", demotedToken).statusCode(), "role gone");
        assertTrue(me(demotedToken).body().contains("\"roles\":[\"user\"]"));
        assertEquals(401, me(disabledToken).statusCode(), "a disabled user's session ended");
        assertEquals(401, me(deletedToken).statusCode(), "a deleted user's session ended");
        assertEquals(0L, db.countSessionsOf(disabled));
        assertTrue(db.auditEventsWithDetail("SESSION_ENDED", disabled, "%disabled or locked in the directory%") > 0);
        assertTrue(db.auditEventsWithDetail("SESSION_ENDED", deleted, "%no longer in the directory%") > 0);
        assertTrue(db.auditEventsWithDetail(
                        "USER_CHANGED", demoted, "from the directory at recheck: from [admin, user]%to [user]%")
                > 0);
        assertTrue(sessionCookie(client.signIn(disabled, PASSWORD, null)).isEmpty());
    }

    @Test
    void aRecheckWhileTheDirectoryIsDownEndsNothing() {
        String uid = personInTeamOf("out", TestDirectory.STAFF_DN);
        String token = client.signInForToken(uid, PASSWORD);
        DIRECTORY.stop();
        server.advanceClock(Duration.ofMinutes(6));

        Map<String, Integer> round = server.recheckDirectory();

        assertEquals(1, round.get("unavailable"), round.toString());
        assertEquals(200, me(token).statusCode());
        assertEquals(1L, db.countSessionsOf(uid));
    }

    @Test
    void aLocalAccountIsNeverCheckedInTheDirectory() {
        String name = TestDatabase.uniqueUsername("own");
        db.createUser(name, "the local password of it", Role.USER);
        DIRECTORY.addUser(name, "Impostor", PASSWORD);
        DIRECTORY.addToGroup(TestDirectory.ADMINS_DN, TestDirectory.userDn(name));

        assertTrue(sessionCookie(client.signIn(name, PASSWORD, null)).isEmpty(), "the directory's password is no key");
        String token = client.signInForToken(name, "the local password of it");
        assertTrue(me(token).body().contains("\"roles\":[\"user\"]"));
        assertEquals("LOCAL", db.queryString("select source from app_user where username = ?", name));
    }

    @Test
    void directoryUsersChangeTheirPasswordInTheDirectoryAndAdminsCannotResetIt() {
        String uid = personInTeamOf("pwd", TestDirectory.STAFF_DN);
        String admin = personInTeamOf("pad", TestDirectory.ADMINS_DN);
        String token = client.signInForToken(uid, PASSWORD);
        String adminToken = client.signInForToken(admin, PASSWORD);
        long id = db.queryLong("select id from app_user where username = ?", uid);

        HttpResponse<String> page = client.getWithSession("/account/password.xhtml", token);
        assertTrue(page.body().contains("id=\"directory-password\""), page.body());
        assertFalse(page.body().contains("password:current"), "no form to change it here");

        HttpResponse<String> userPage = client.getWithSession("/admin/user.xhtml?id=" + id, adminToken);
        assertTrue(userPage.body().contains("id=\"directory-managed\""));
        assertFalse(userPage.body().contains("password:newPassword"), "no reset form");
        assertFalse(userPage.body().contains("profile:roles"), "no role editing");

        DIRECTORY.addToGroup(TestDirectory.ADMINS_DN, "cn=team-" + uid + "," + TestDirectory.GROUPS_DN);
        HttpResponse<String> rechecked =
                client.submit("/admin/user.xhtml?id=" + id, adminToken, "directory", "recheck", Map.of());
        assertTrue(rechecked.body().contains("name or roles changed"), rechecked.body());
        server.awaitChangesCommittedSoFar();
        assertEquals(200, client.getWithSession("/admin/users.xhtml", token).statusCode(), "admin at once");
        assertEquals(1L, db.auditEvents("DIRECTORY_RECHECKED", uid, admin));
    }

    @Test
    void theRecheckButtonCannotBeForgedAndIsAdminsOnly() {
        String uid = personInTeamOf("frg", TestDirectory.STAFF_DN);
        String admin = personInTeamOf("fad", TestDirectory.ADMINS_DN);
        String attacker = personInTeamOf("eve", TestDirectory.ADMINS_DN);
        String userToken = client.signInForToken(uid, PASSWORD);
        String adminToken = client.signInForToken(admin, PASSWORD);
        String attackerToken = client.signInForToken(attacker, PASSWORD);
        long id = db.queryLong("select id from app_user where username = ?", uid);
        String page = "/admin/user.xhtml?id=" + id;
        Forgeries forgeries = new Forgeries(client, db);

        assertEquals(403, client.getWithSession(page, userToken).statusCode(), "not for a plain user");
        forgeries.assertOnlyTheGenuineSubmissionWorks(
                Forgeries.withPlainFields(
                        forgeries.formOf(page, "directory", "recheck", adminToken, Map.of()),
                        Map.of("id", Long.toString(id))),
                forgeries.tokenFor(page, attackerToken));
        assertEquals(1L, db.auditEvents("DIRECTORY_RECHECKED", uid, admin));
    }

    @Test
    void wrongDirectoryPasswordsLockTheAccountInGatehouse() {
        String uid = personInTeamOf("lck", TestDirectory.STAFF_DN);
        client.signInForToken(uid, PASSWORD);
        for (int i = 0; i < 5; i++) {
            client.signIn(uid, "wrong password " + i, null);
        }

        assertTrue(sessionCookie(client.signIn(uid, PASSWORD, null)).isEmpty(), "locked, right password or not");
        assertEquals(1L, db.auditEvents("ACCOUNT_LOCKED", uid, null));
    }

    @Test
    void guessesAtSomeoneWhoNeverSignedInLockTheNameBeforeTheDirectoryIsAskedAgain() {
        String uid = personInTeamOf("new", TestDirectory.STAFF_DN);
        for (int i = 0; i < 5; i++) {
            assertTrue(sessionCookie(client.signIn(uid, "wrong password " + i, null))
                    .isEmpty());
        }

        assertTrue(sessionCookie(client.signIn(uid, PASSWORD, null)).isEmpty(), "locked, right password or not");
        assertEquals(0L, db.queryLong("select count(*) from app_user where username = ?", uid), "nobody provisioned");
        assertEquals(1L, db.auditEvents("ACCOUNT_LOCKED", uid, null));
        assertEquals(5L, db.queryLong("select failed_logins from username_failure where username = ?", uid));

        server.advanceClock(Duration.ofMinutes(2));
        assertEquals(200, me(client.signInForToken(uid, PASSWORD)).statusCode(), "the lock ends");
        assertEquals(0L, db.queryLong("select count(*) from username_failure where username = ?", uid));
    }

    @Test
    void anotherSpellingOfAUsernameCannotBecomeASecondUserOfTheSameEntry() {
        String uid = "ann " + TestDatabase.uniqueUsername("lee");
        DIRECTORY.addUser(uid, "Ann Lee", PASSWORD);
        DIRECTORY.addToGroup(TestDirectory.STAFF_DN, TestDirectory.userDn(uid));
        client.signInForToken(uid, PASSWORD);

        String variant = uid.replace(" ", "   ");
        assertTrue(
                sessionCookie(client.signIn(variant, PASSWORD, null)).isEmpty(), "the directory matched it, we do not");
        assertEquals(0L, db.queryLong("select count(*) from app_user where username = ?", variant));
    }

    @Test
    void aUsernameReusedForSomeoneElseIsNotTheOldOwnersAccount() {
        String uid = personInTeamOf("reu", TestDirectory.ADMINS_DN);
        String oldOwner = client.signInForToken(uid, PASSWORD);
        DIRECTORY.delete(uid);
        DIRECTORY.addUser(uid, "Someone Else", PASSWORD);
        DIRECTORY.addToGroup(TestDirectory.STAFF_DN, TestDirectory.userDn(uid));

        assertTrue(sessionCookie(client.signIn(uid, PASSWORD, null)).isEmpty(), "no sign-in into the old account");
        assertEquals(401, me(oldOwner).statusCode(), "the old owner's sessions ended");
        assertEquals(
                "Person " + uid,
                db.queryString("select display_name from app_user where username = ?", uid),
                "the old account is unchanged");
    }

    @Test
    void anOverlongDisplayNameIsCutNotAnError() {
        String uid = TestDatabase.uniqueUsername("lng");
        DIRECTORY.addUser(uid, "N".repeat(5000), PASSWORD);
        DIRECTORY.addToGroup(TestDirectory.STAFF_DN, TestDirectory.userDn(uid));

        assertEquals(200, me(client.signInForToken(uid, PASSWORD)).statusCode());
        assertEquals(200L, db.queryLong("select length(display_name) from app_user where username = ?", uid));
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}
