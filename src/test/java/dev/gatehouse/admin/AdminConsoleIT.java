package dev.gatehouse.admin;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin console and account pages over HTTP: every action, every authorisation rule, the audit it leaves. */
class AdminConsoleIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final List<String> ADMIN_PAGES = List.of(
            "/admin/sessions.xhtml",
            "/admin/users.xhtml",
            "/admin/audit.xhtml",
            "/admin/new-user.xhtml",
            "/admin/user.xhtml?id=1",
            "/admin/end-sessions.xhtml?scope=others");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private String admin;
    private String user;
    private long userId;
    private String adminToken;

    @BeforeEach
    void createAdminAndUser() {
        admin = TestDatabase.uniqueUsername("ada");
        user = TestDatabase.uniqueUsername("ulf");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        userId = db.createUser(user, PASSWORD, Role.USER);
        adminToken = client.signInForToken(admin, PASSWORD);
    }

    @Test
    void theSignOutButtonWorksOnEveryAdminPage() {
        for (String page : ADMIN_PAGES) {
            String token = client.signInForToken(admin, PASSWORD);
            HttpResponse<String> signedOut = client.submit(page, token, "signOut", "submit", Map.of());
            assertEquals(302, signedOut.statusCode(), page + ": " + signedOut.body());
            assertEquals(401, client.getWithSession("/api/me", token).statusCode(), page + ": the session ended");
        }
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        for (String page : ADMIN_PAGES) {
            HttpResponse<String> response = client.get(page);
            assertEquals(302, response.statusCode(), page);
            assertTrue(response.headers().firstValue("Location").orElseThrow().contains("/login.xhtml?return="), page);
        }
    }

    @Test
    void signedInNonAdminsGetTheForbiddenPageForEveryAdminPageAndAction() {
        String token = client.signInForToken(user, PASSWORD);
        for (String page : ADMIN_PAGES) {
            HttpResponse<String> response = client.getWithSession(page, token);
            assertEquals(403, response.statusCode(), page);
            assertTrue(response.body().contains("You do not have permission to open this page."), page);
            assertTrue(response.body().contains("id=\"signOut\""), "still in the signed-in layout: " + page);
        }
        // a forged POST, with a view state taken from the admin's own confirmation page
        HttpResponse<String> adminsPage = client.getWithSession("/admin/end-sessions.xhtml?scope=others", adminToken);
        HttpResponse<String> forged = client.postForm(
                "/admin/end-sessions.xhtml?scope=others",
                Map.of(
                        "confirm",
                        "confirm",
                        "confirm:submit",
                        "x",
                        "jakarta.faces.ViewState",
                        TestClient.viewState(adminsPage.body())),
                "Cookie",
                TestClient.COOKIE_NAME + "=" + token);
        assertEquals(403, forged.statusCode());
        assertEquals(1, db.countSessionsOf(admin), "nothing ended");
        assertFalse(
                client.getWithSession("/", token).body().contains("nav-admin-sessions"), "no admin links for users");
        assertTrue(
                client.getWithSession("/", adminToken).body().contains("nav-admin-sessions"), "admin links for admins");
    }

    @Test
    void adminEndsOneSessionAndItsNextRequestLandsOnTheLoginPage() {
        String victim = client.signInForToken(user, PASSWORD);
        String other = client.signInForToken(user, PASSWORD);
        UUID victimId = sessionIdOf(victim);

        HttpResponse<String> confirmPage =
                client.getWithSession("/admin/end-sessions.xhtml?session=" + victimId, adminToken);
        assertTrue(confirmPage.body().contains("End this session?"), confirmPage.body());
        HttpResponse<String> ended = client.submit(
                "/admin/end-sessions.xhtml?session=" + victimId, adminToken, "confirm", "submit", Map.of());

        assertEquals(302, ended.statusCode());
        assertTrue(ended.headers().firstValue("Location").orElseThrow().endsWith("/admin/sessions.xhtml?ended=1"));
        HttpResponse<String> next = client.getWithSession("/index.xhtml", victim);
        assertEquals(302, next.statusCode());
        assertTrue(next.headers().firstValue("Location").orElseThrow().contains("/login.xhtml"));
        assertEquals(200, client.getWithSession("/api/me", other).statusCode(), "the user's other session lives on");
        assertEquals(1, db.auditEvents("SESSION_ENDED", user, admin));
    }

    @Test
    void adminEndsAllSessionsOfAUserOrEveryoneElses() {
        String first = client.signInForToken(user, PASSWORD);
        String second = client.signInForToken(user, PASSWORD);

        client.submit("/admin/end-sessions.xhtml?user=" + userId, adminToken, "confirm", "submit", Map.of());
        assertEquals(401, client.getWithSession("/api/me", first).statusCode());
        assertEquals(401, client.getWithSession("/api/me", second).statusCode());

        String third = client.signInForToken(user, PASSWORD);
        HttpResponse<String> all =
                client.submit("/admin/end-sessions.xhtml?scope=others", adminToken, "confirm", "submit", Map.of());
        assertEquals(302, all.statusCode());
        assertEquals(401, client.getWithSession("/api/me", third).statusCode());
        assertEquals(200, client.getWithSession("/api/me", adminToken).statusCode(), "the admin's own session stays");
    }

    @Test
    void sessionListFiltersSortsAndPagesOverAHundredThousandSessions() {
        String bulkPrefix = "bulk" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 100; i++) {
            long id = db.createUser(bulkPrefix + "-" + i, PASSWORD, Role.USER);
            insertSessions(id, 1000, "10.1." + (i / 250) + "." + (i % 250));
        }
        String ip = "10.1.0.42";

        long start = System.nanoTime();
        HttpResponse<String> firstPage = client.getWithSession("/admin/sessions.xhtml", adminToken);
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        HttpResponse<String> deepPage =
                client.getWithSession("/admin/sessions.xhtml?sort=created&dir=asc&size=100&page=900", adminToken);
        long deepMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        HttpResponse<String> byUser =
                client.getWithSession("/admin/sessions.xhtml?user=" + bulkPrefix + "-7&sort=user&size=50", adminToken);
        long userMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        HttpResponse<String> byIp =
                client.getWithSession("/admin/sessions.xhtml?ip=" + ip + "&sort=expiry", adminToken);
        long ipMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "Admin session list over %d sessions: first page %d ms, page 900 of 100 %d ms, "
                        + "user filter %d ms, IP filter %d ms%n",
                db.queryLong("select count(*) from auth_session"), firstMs, deepMs, userMs, ipMs);

        assertEquals(25, rows(firstPage.body()));
        assertTrue(firstPage.body().matches("(?s).*live sessions of \\d+ users.*"), "header with counts");
        assertTrue(
                client.getWithSession("/admin/sessions.xhtml?user=" + admin, adminToken)
                        .body()
                        .contains("class=\"badge\">you</span>"),
                "the admin's own session is marked");
        assertEquals(100, rows(deepPage.body()));
        assertTrue(deepPage.body().contains("Page 900 of"), "page 900");
        // bulkPrefix-7 also matches -70 ... -79: eleven users with 1000 sessions each
        assertTrue(byUser.body().contains("1\u201350 of 11,000"), "user prefix filter total");
        assertEquals(50, rows(byUser.body()));
        assertTrue(byIp.body().contains("1\u201325 of 1,000"), "IP filter total");
        assertEquals(25, rows(byIp.body()));
        Matcher ips = Pattern.compile("<td>(10\\.1\\.\\d+\\.\\d+)</td>").matcher(byIp.body());
        while (ips.find()) {
            assertEquals(ip, ips.group(1));
        }
    }

    @Test
    void adminCreatesAUserWithAGeneratedPasswordShownOnce() {
        String newName = TestDatabase.uniqueUsername("nina");

        HttpResponse<String> created = client.submit(
                "/admin/new-user.xhtml",
                adminToken,
                "newUser",
                "create",
                Map.of("username", newName, "displayName", "Nina New", "roles", "USER", "password", ""));

        Matcher generated = Pattern.compile("id=\"generated-password\">([A-Za-z0-9_-]{20,})</code>")
                .matcher(created.body());
        assertTrue(generated.find(), created.body());
        assertTrue(
                sessionCookie(client.signIn(newName, generated.group(1), null)).isPresent(),
                "the generated password works");
        assertEquals(1, db.auditEvents("USER_CREATED", newName, admin));
        assertFalse(
                client.getWithSession(
                                "/admin/user.xhtml?id="
                                        + db.queryLong("select id from app_user where username = ?", newName),
                                adminToken)
                        .body()
                        .contains(generated.group(1)),
                "shown once only");
        db.update("delete from app_user where username = ?", newName);
    }

    @Test
    void creatingAUserRefusesTakenNamesAndWeakPasswords() {
        HttpResponse<String> taken = client.submit(
                "/admin/new-user.xhtml",
                adminToken,
                "newUser",
                "create",
                Map.of("username", user.toUpperCase(), "displayName", "Dup", "password", ""));
        HttpResponse<String> weak = client.submit(
                "/admin/new-user.xhtml",
                adminToken,
                "newUser",
                "create",
                Map.of(
                        "username",
                        TestDatabase.uniqueUsername("weak"),
                        "displayName",
                        "Weak",
                        "password",
                        "1qaz2wsx3edc"));

        assertTrue(taken.body().contains("That username is taken."), taken.body());
        assertTrue(weak.body().contains("one of the most common"), weak.body());
    }

    @Test
    void grantingAdminCountsOnTheUsersVeryNextRequest() {
        String token = client.signInForToken(user, PASSWORD);
        assertEquals(403, client.getWithSession("/admin/users.xhtml", token).statusCode());

        HttpResponse<String> saved = client.submit(
                "/admin/user.xhtml?id=" + userId,
                adminToken,
                "profile",
                "save",
                Map.of("displayName", "Ulf Promoted", "roles", "ADMIN"));

        assertTrue(saved.body().contains("Profile and roles saved."), saved.body());
        assertEquals(200, client.getWithSession("/admin/users.xhtml", token).statusCode());
        assertTrue(client.getWithSession("/api/me", token).body().contains("\"displayName\":\"Ulf Promoted\""));
        assertEquals(1, db.auditEvents("USER_CHANGED", user, admin));
    }

    @Test
    void disablingEndsEverySessionAtOnceAndEnablingAllowsSignInAgain() {
        String token = client.signInForToken(user, PASSWORD);

        HttpResponse<String> disabled =
                client.submit("/admin/user.xhtml?id=" + userId, adminToken, "access", "disable", Map.of());

        assertTrue(disabled.body().contains("Account disabled"), disabled.body());
        assertEquals(0, db.countSessionsOf(user));
        assertEquals(401, client.getWithSession("/api/me", token).statusCode());
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isEmpty(), "disabled accounts cannot sign in");
        assertEquals(1, db.auditEvents("USER_DISABLED", user, admin));
        assertEquals(1, db.auditEvents("SIGN_IN_REFUSED_DISABLED", user, null));

        client.submit("/admin/user.xhtml?id=" + userId, adminToken, "access", "enable", Map.of());
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isPresent());
    }

    @Test
    void resettingAPasswordEndsSessionsAndTheNewOneWorks() {
        String token = client.signInForToken(user, PASSWORD);

        HttpResponse<String> reset = client.submit(
                "/admin/user.xhtml?id=" + userId, adminToken, "password", "reset", Map.of("newPassword", ""));

        Matcher generated = Pattern.compile("id=\"generated-password\">([A-Za-z0-9_-]{20,})</code>")
                .matcher(reset.body());
        assertTrue(generated.find(), reset.body());
        assertEquals(401, client.getWithSession("/api/me", token).statusCode());
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isEmpty(), "old password gone");
        assertTrue(sessionCookie(client.signIn(user, generated.group(1), null)).isPresent(), "new password works");
        assertEquals(1, db.auditEvents("PASSWORD_RESET", user, admin));
    }

    @Test
    void unlockingLiftsALockout() {
        for (int i = 0; i < 5; i++) {
            client.signIn(user, "wrong password " + i, null);
        }
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isEmpty(), "locked");
        assertTrue(client.getWithSession("/admin/user.xhtml?id=" + userId, adminToken)
                .body()
                .contains("Locked after failed sign-ins"));

        client.submit("/admin/user.xhtml?id=" + userId, adminToken, "access", "unlock", Map.of());

        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isPresent(), "unlocked");
        assertEquals(1, db.auditEvents("ACCOUNT_LOCKED", user, null));
        assertEquals(1, db.auditEvents("USER_UNLOCKED", user, admin));
    }

    @Test
    void adminsCannotDisableOrDemoteThemselves() {
        long adminId = db.queryLong("select id from app_user where username = ?", admin);

        HttpResponse<String> disable =
                client.submit("/admin/user.xhtml?id=" + adminId, adminToken, "access", "disable", Map.of());
        HttpResponse<String> demote = client.submit(
                "/admin/user.xhtml?id=" + adminId, adminToken, "profile", "save", Map.of("displayName", "Ada"));

        assertTrue(disable.body().contains("You cannot do that to your own account"), disable.body());
        assertTrue(demote.body().contains("You cannot do that to your own account"), demote.body());
        assertEquals(
                200, client.getWithSession("/admin/users.xhtml", adminToken).statusCode());
    }

    @Test
    void usersSeeTheirOwnSessionsAndSignOutEverywhereElse() {
        String here = client.signInForToken(user, PASSWORD);
        String elsewhere = client.signInForToken(user, PASSWORD);
        String third = client.signInForToken(user, PASSWORD);

        HttpResponse<String> page = client.getWithSession("/account/sessions.xhtml", here);
        assertEquals(3, rows(page.body()));
        assertEquals(1, count(page.body(), "class=\"badge\">this browser</span>"));

        client.submit(
                "/account/end-session.xhtml?session=" + sessionIdOf(elsewhere), here, "confirm", "submit", Map.of());
        assertEquals(401, client.getWithSession("/api/me", elsewhere).statusCode());
        assertEquals(200, client.getWithSession("/api/me", third).statusCode());

        client.submit("/account/end-session.xhtml?scope=others", here, "confirm", "submit", Map.of());
        assertEquals(401, client.getWithSession("/api/me", third).statusCode());
        assertEquals(200, client.getWithSession("/api/me", here).statusCode());
    }

    @Test
    void usersCannotEndSomeoneElsesSession() {
        String mine = client.signInForToken(user, PASSWORD);
        UUID adminsSession = sessionIdOf(adminToken);

        HttpResponse<String> page = client.getWithSession("/account/end-session.xhtml?session=" + adminsSession, mine);

        assertTrue(page.body().contains("There is no such session of yours"), page.body());
        assertFalse(page.body().contains("id=\"confirm\""));
        assertEquals(200, client.getWithSession("/api/me", adminToken).statusCode());
    }

    @Test
    void auditLogListsEventsNewestFirstFilteredByUserAndType() {
        client.signIn(user, "wrong password", null);
        String token = client.signInForToken(user, PASSWORD);
        client.signOut(token);

        HttpResponse<String> all = client.getWithSession("/admin/audit.xhtml?user=" + user, adminToken);
        HttpResponse<String> failed =
                client.getWithSession("/admin/audit.xhtml?user=" + user + "&type=SIGN_IN_FAILED", adminToken);
        HttpResponse<String> tomorrow = client.getWithSession(
                "/admin/audit.xhtml?user=" + user + "&from="
                        + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1),
                adminToken);

        String events = all.body().substring(all.body().indexOf("<tbody>"));
        assertTrue(
                events.indexOf("SIGNED_OUT") < events.indexOf("SIGN_IN_SUCCEEDED")
                        && events.indexOf("SIGN_IN_SUCCEEDED") < events.indexOf("SIGN_IN_FAILED"),
                "newest first");
        assertEquals(1, rows(failed.body()));
        assertTrue(failed.body().contains("wrong password"), "the reason is in the audit only");
        assertEquals(0, rows(tomorrow.body()));
        assertEquals(
                0,
                db.queryLong(
                        "select count(*) from audit_event where detail like ? or detail like ?",
                        "%" + token + "%",
                        "%" + PASSWORD + "%"),
                "no token or password in the audit trail");
    }

    private UUID sessionIdOf(String token) {
        return db.queryUuid("select id from auth_session where token_hash = sha256(convert_to(?, 'UTF8'))", token);
    }

    private void insertSessions(long userId, int count, String ip) {
        Instant now = Instant.now();
        db.update(
                """
                insert into auth_session (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at,
                                          absolute_expires_at, client_ip, user_agent, password_proved_at)
                select gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), ?,
                       ?::timestamptz - g * interval '1 second', ?::timestamptz - g * interval '1 second', ?, ?, ?,
                       'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36',
                       ?::timestamptz - g * interval '1 second'
                  from generate_series(1, ?) g""",
                userId,
                Timestamp.from(now),
                Timestamp.from(now),
                Timestamp.from(now.plus(Duration.ofMinutes(30))),
                Timestamp.from(now.plus(Duration.ofHours(12))),
                ip,
                Timestamp.from(now),
                count);
    }

    private static int rows(String html) {
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        return count(body, "<tr");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
