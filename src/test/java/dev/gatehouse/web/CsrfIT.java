package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Authenticator;
import dev.gatehouse.testing.Forgeries;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TwoStep;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every form of the application, forged every way a cross-site attacker or a stolen link could: the same
 * submission by GET and HEAD (a "GET postback"), as a cross-site POST, a same-site POST from another origin, a
 * POST without a token, with an empty token and with another session's token. Each is refused and changes
 * nothing in the database; then the genuine submission works, so the refusals are not an accident.
 */
class CsrfIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private String admin;
    private String user;
    private long userId;
    private String adminToken;
    private String userToken;
    /** A session of someone else, whose form token the attacker knows (it is the attacker's own). */
    private String attackerToken;

    private Forgeries forgeries;

    @BeforeEach
    void createUsers() {
        admin = TestDatabase.uniqueUsername("ada");
        user = TestDatabase.uniqueUsername("ulf");
        String attacker = TestDatabase.uniqueUsername("eve");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        userId = db.createUser(user, PASSWORD, Role.USER);
        db.createUser(attacker, PASSWORD, Role.USER, Role.ADMIN);
        adminToken = client.signInForToken(admin, PASSWORD);
        userToken = client.signInForToken(user, PASSWORD);
        attackerToken = client.signInForToken(attacker, PASSWORD);
        forgeries = new Forgeries(client, db);
    }

    @Test
    void signIn() {
        HttpResponse<String> page = client.get("/login.xhtml");
        String cookies = TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(page).orElseThrow().value();
        Forgeries.Form form = Forgeries.form(
                "/login.xhtml",
                page.body(),
                "login",
                "submit",
                cookies,
                Map.of("username", user, "password", PASSWORD, "return", ""));
        String othersToken = TestClient.csrfToken(client.get("/login.xhtml").body()); // another browser's sign-in form

        HttpResponse<String> genuine = forgeries.assertOnlyTheGenuineSubmissionWorks(form, othersToken);
        assertEquals(302, genuine.statusCode());
        assertTrue(TestClient.sessionCookie(genuine).isPresent(), "signed in");
    }

    @Test
    void signOut() {
        Forgeries.Form form = forgeries.formOf("/index.xhtml", "signOut", "submit", userToken, Map.of());

        HttpResponse<String> genuine =
                forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor("/index.xhtml", attackerToken));
        assertEquals(302, genuine.statusCode());
        assertEquals(0, db.countSessionsOf(user), "signed out");
    }

    @Test
    void changeOwnPassword() {
        Forgeries.Form form = forgeries.formOf(
                "/account/password.xhtml",
                "password",
                "submit",
                userToken,
                Map.of(
                        "current",
                        PASSWORD,
                        "new",
                        "a brand new long password",
                        "confirmation",
                        "a brand new long password"));

        HttpResponse<String> genuine = forgeries.assertOnlyTheGenuineSubmissionWorks(
                form, forgeries.tokenFor("/account/password.xhtml", attackerToken));
        assertTrue(genuine.body().contains("Your password has been changed."), genuine.body());
    }

    @Test
    void endOwnOtherSessions() {
        client.signInForToken(user, PASSWORD);
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf("/account/end-session.xhtml?scope=others", "confirm", "submit", userToken, Map.of()),
                Map.of("scope", "others"));

        HttpResponse<String> genuine = forgeries.assertOnlyTheGenuineSubmissionWorks(
                form, forgeries.tokenFor("/account/end-session.xhtml?scope=others", attackerToken));
        assertEquals(302, genuine.statusCode());
        assertEquals(1, db.countSessionsOf(user), "only the current session is left");
    }

    @Test
    void adminCreatesUser() {
        String created = TestDatabase.uniqueUsername("new");
        Forgeries.Form form = forgeries.formOf(
                "/admin/new-user.xhtml",
                "newUser",
                "create",
                adminToken,
                Map.of("username", created, "displayName", "Created By Forgery", "roles", "ADMIN"));

        HttpResponse<String> genuine = forgeries.assertOnlyTheGenuineSubmissionWorks(
                form, forgeries.tokenFor("/admin/new-user.xhtml", attackerToken));
        assertTrue(genuine.body().contains("id=\"generated-password\""), genuine.body());
        db.update("delete from app_user where username = ?", created);
    }

    @Test
    void adminChangesRoles() {
        String page = "/admin/user.xhtml?id=" + userId;
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf(
                        page, "profile", "save", adminToken, Map.of("displayName", "Promoted", "roles", "ADMIN")),
                Map.of("id", Long.toString(userId)));

        forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertEquals(1, db.queryLong("select count(*) from user_role where user_id = ? and role = 'ADMIN'", userId));
    }

    @Test
    void adminDisablesUser() {
        String page = "/admin/user.xhtml?id=" + userId;
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf(page, "access", "disable", adminToken, Map.of()), Map.of("id", Long.toString(userId)));

        forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertEquals(0, db.queryLong("select count(*) from app_user where id = ? and enabled", userId));
    }

    @Test
    void adminResetsPassword() {
        String page = "/admin/user.xhtml?id=" + userId;
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf(page, "password", "reset", adminToken, Map.of("newPassword", "")),
                Map.of("id", Long.toString(userId)));

        HttpResponse<String> genuine =
                forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertTrue(genuine.body().contains("id=\"generated-password\""), genuine.body());
    }

    @Test
    void userAddsAnAuthenticator() {
        String page = "/account/two-factor.xhtml";
        Forgeries.Form form = forgeries.formOf(page, "start", "submit", userToken, Map.of());

        forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertEquals(1, db.queryLong("select count(*) from totp_factor where user_id = ?", userId));
    }

    @Test
    void secondStepOfASignIn() {
        Authenticator app =
                new TwoStep(client).enrolFromAccount(userToken, server).app();
        server.advanceClock(java.time.Duration.ofSeconds(30));
        String pending = new TwoStep(client).password(user, PASSWORD, "/login-code.xhtml");
        HttpResponse<String> page =
                client.get("/login-code.xhtml", "Cookie", TwoStep.PENDING_COOKIE_NAME + "=" + pending);
        String cookies = TwoStep.PENDING_COOKIE_NAME + "=" + pending + "; " + TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(page).orElseThrow().value();
        Forgeries.Form form = Forgeries.form(
                "/login-code.xhtml", page.body(), "code", "submit", cookies, Map.of("value", app.codeAt(server.now())));
        String othersToken = TestClient.csrfToken(client.get("/login.xhtml").body());

        HttpResponse<String> genuine = forgeries.assertOnlyTheGenuineSubmissionWorks(form, othersToken);
        assertEquals(302, genuine.statusCode());
        assertTrue(TestClient.sessionCookie(genuine).isPresent(), "signed in");
    }

    @Test
    void adminResetsSecondFactors() {
        new TwoStep(client).enrolFromAccount(userToken, server);
        String page = "/admin/user.xhtml?id=" + userId;
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf(page, "factors", "reset", adminToken, Map.of()), Map.of("id", Long.toString(userId)));

        forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertEquals(0, db.queryLong("select count(*) from totp_factor where user_id = ?", userId));
    }

    @Test
    void reauthenticationPrompt() {
        String page = "/confirm.xhtml";
        Forgeries.Form form =
                forgeries.formOf(page, "confirm", "submit", userToken, Map.of("password", PASSWORD, "held", ""));

        HttpResponse<String> genuine =
                forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertEquals(302, genuine.statusCode(), "nothing held: home");
        assertEquals(1, db.auditEvents("REAUTHENTICATED", user, user));
    }

    @Test
    void adminEndsEveryoneElsesSessions() {
        String page = "/admin/end-sessions.xhtml?scope=others";
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf(page, "confirm", "submit", adminToken, Map.of()), Map.of("scope", "others"));

        HttpResponse<String> genuine =
                forgeries.assertOnlyTheGenuineSubmissionWorks(form, forgeries.tokenFor(page, attackerToken));
        assertEquals(302, genuine.statusCode());
        assertEquals(0, db.countSessionsOf(user), "the genuine confirmation ended the user's sessions");
    }

    @Test
    void apiWritesNeedATokenOrASameOriginClaim() {
        String cookie = TestClient.COOKIE_NAME + "=" + userToken;
        assertEquals(403, client.send("DELETE", "/api/me", "Cookie", cookie).statusCode(), "no token, no origin");
        assertEquals(
                403,
                client.send("DELETE", "/api/me", "Cookie", cookie, "Origin", Forgeries.EVIL)
                        .statusCode());
        assertEquals(
                403,
                client.send(
                                "DELETE",
                                "/api/me",
                                "Cookie",
                                cookie,
                                "Sec-Fetch-Site",
                                "cross-site",
                                CsrfTokens.HEADER,
                                TestClient.csrfToken(client.getWithSession("/index.xhtml", userToken)
                                        .body()))
                        .statusCode());
        // past the CSRF check, the API itself answers: /api/me has no DELETE
        assertEquals(
                405,
                client.send("DELETE", "/api/me", "Cookie", cookie, "Origin", client.origin())
                        .statusCode());
        assertEquals(
                405,
                client.send(
                                "DELETE",
                                "/api/me",
                                "Cookie",
                                cookie,
                                CsrfTokens.HEADER,
                                TestClient.csrfToken(client.getWithSession("/index.xhtml", userToken)
                                        .body()))
                        .statusCode());
    }
}
