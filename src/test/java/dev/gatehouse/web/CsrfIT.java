package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    private static final String EVIL = "https://evil.example";

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

    /** One form as a page renders it: where it posts, its fields, and whose browser (cookies) posts it. */
    record Form(String page, String formId, String button, Map<String, String> fields, String cookies) {}

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
    }

    @Test
    void signIn() {
        HttpResponse<String> page = client.get("/login.xhtml");
        String cookies = TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(page).orElseThrow().value();
        Form form = form(
                "/login.xhtml",
                page.body(),
                "login",
                "submit",
                cookies,
                Map.of("username", user, "password", PASSWORD, "return", ""));
        String othersToken = TestClient.csrfToken(client.get("/login.xhtml").body()); // another browser's sign-in form

        HttpResponse<String> genuine = assertOnlyTheGenuineSubmissionWorks(form, othersToken);
        assertEquals(302, genuine.statusCode());
        assertTrue(TestClient.sessionCookie(genuine).isPresent(), "signed in");
    }

    @Test
    void signOut() {
        Form form = formOf("/index.xhtml", "signOut", "submit", userToken, Map.of());

        HttpResponse<String> genuine = assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor("/index.xhtml"));
        assertEquals(302, genuine.statusCode());
        assertEquals(0, db.countSessionsOf(user), "signed out");
    }

    @Test
    void changeOwnPassword() {
        Form form = formOf(
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

        HttpResponse<String> genuine =
                assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor("/account/password.xhtml"));
        assertTrue(genuine.body().contains("Your password has been changed."), genuine.body());
    }

    @Test
    void endOwnOtherSessions() {
        client.signInForToken(user, PASSWORD);
        Form form = withPlainFields(
                formOf("/account/end-session.xhtml?scope=others", "confirm", "submit", userToken, Map.of()),
                Map.of("scope", "others"));

        HttpResponse<String> genuine =
                assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor("/account/end-session.xhtml?scope=others"));
        assertEquals(302, genuine.statusCode());
        assertEquals(1, db.countSessionsOf(user), "only the current session is left");
    }

    @Test
    void adminCreatesUser() {
        String created = TestDatabase.uniqueUsername("new");
        Form form = formOf(
                "/admin/new-user.xhtml",
                "newUser",
                "create",
                adminToken,
                Map.of("username", created, "displayName", "Created By Forgery", "roles", "ADMIN"));

        HttpResponse<String> genuine =
                assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor("/admin/new-user.xhtml"));
        assertTrue(genuine.body().contains("id=\"generated-password\""), genuine.body());
        db.update("delete from app_user where username = ?", created);
    }

    @Test
    void adminChangesRoles() {
        String page = "/admin/user.xhtml?id=" + userId;
        Form form = withPlainFields(
                formOf(page, "profile", "save", adminToken, Map.of("displayName", "Promoted", "roles", "ADMIN")),
                Map.of("id", Long.toString(userId)));

        assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor(page));
        assertEquals(1, db.queryLong("select count(*) from user_role where user_id = ? and role = 'ADMIN'", userId));
    }

    @Test
    void adminDisablesUser() {
        String page = "/admin/user.xhtml?id=" + userId;
        Form form = withPlainFields(
                formOf(page, "access", "disable", adminToken, Map.of()), Map.of("id", Long.toString(userId)));

        assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor(page));
        assertEquals(0, db.queryLong("select count(*) from app_user where id = ? and enabled", userId));
    }

    @Test
    void adminResetsPassword() {
        String page = "/admin/user.xhtml?id=" + userId;
        Form form = withPlainFields(
                formOf(page, "password", "reset", adminToken, Map.of("newPassword", "")),
                Map.of("id", Long.toString(userId)));

        HttpResponse<String> genuine = assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor(page));
        assertTrue(genuine.body().contains("id=\"generated-password\""), genuine.body());
    }

    @Test
    void adminEndsEveryoneElsesSessions() {
        String page = "/admin/end-sessions.xhtml?scope=others";
        Form form = withPlainFields(formOf(page, "confirm", "submit", adminToken, Map.of()), Map.of("scope", "others"));

        HttpResponse<String> genuine = assertOnlyTheGenuineSubmissionWorks(form, attackersTokenFor(page));
        assertEquals(302, genuine.statusCode());
        assertEquals(0, db.countSessionsOf(user), "the genuine confirmation ended the user's sessions");
    }

    @Test
    void apiWritesNeedATokenOrASameOriginClaim() {
        String cookie = TestClient.COOKIE_NAME + "=" + userToken;
        assertEquals(403, client.send("DELETE", "/api/me", "Cookie", cookie).statusCode(), "no token, no origin");
        assertEquals(
                403,
                client.send("DELETE", "/api/me", "Cookie", cookie, "Origin", EVIL)
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

    /**
     * Sends every forgery of {@code form}, checking each is refused with nothing changed, then the genuine
     * submission, checking it changed something; returns the genuine response.
     */
    private HttpResponse<String> assertOnlyTheGenuineSubmissionWorks(Form form, String othersToken) {
        Map<String, String> genuine = form.fields();
        Map<String, String> withoutToken = new LinkedHashMap<>(genuine);
        withoutToken.remove(CsrfTokens.FIELD);
        Map<String, String> emptyToken = new LinkedHashMap<>(genuine);
        emptyToken.put(CsrfTokens.FIELD, "");
        Map<String, String> stolenToken = new LinkedHashMap<>(genuine);
        stolenToken.put(CsrfTokens.FIELD, othersToken);
        String query = form.page() + (form.page().contains("?") ? "&" : "?") + encode(genuine);

        String before = db.snapshot();
        List<String> failures = new ArrayList<>();
        expect(failures, "GET postback", 400, client.get(query, "Cookie", form.cookies()));
        expect(failures, "HEAD postback", 400, client.send("HEAD", query, "Cookie", form.cookies()));
        expect(failures, "cross-site POST", 403, post(form, genuine, "Sec-Fetch-Site", "cross-site", "Origin", EVIL));
        expect(failures, "cross-site POST without Fetch Metadata", 403, post(form, genuine, "Origin", EVIL));
        expect(failures, "cross-site POST with only a Referer", 403, post(form, genuine, "Referer", EVIL + "/x"));
        expect(failures, "POST from a sandboxed frame", 403, post(form, genuine, "Origin", "null"));
        expect(
                failures,
                "same-site POST from another origin",
                403,
                post(form, genuine, "Sec-Fetch-Site", "same-site", "Origin", "http://other.127.0.0.1.nip.example"));
        expect(failures, "POST without a token", 403, post(form, withoutToken));
        expect(
                failures,
                "same-origin POST without a token",
                403,
                post(form, withoutToken, "Sec-Fetch-Site", "same-origin", "Origin", client.origin()));
        expect(failures, "POST with an empty token", 403, post(form, emptyToken));
        expect(failures, "POST with another session's token", 403, post(form, stolenToken));
        assertEquals(List.of(), failures, form.page());
        assertEquals(before, db.snapshot(), "no forgery changed anything: " + form.page());

        HttpResponse<String> response = post(form, genuine, "Sec-Fetch-Site", "same-origin", "Origin", client.origin());
        assertTrue(
                response.statusCode() == 200 || response.statusCode() == 302,
                "the genuine submission works: " + response.statusCode() + " " + response.body());
        assertNotEquals(before, db.snapshot(), "the genuine submission changed something: " + form.page());
        return response;
    }

    private static void expect(List<String> failures, String attempt, int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            failures.add(attempt + ": expected " + status + ", got " + response.statusCode());
        }
    }

    private HttpResponse<String> post(Form form, Map<String, String> fields, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = form.cookies();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return client.postForm(form.page(), fields, all);
    }

    /** Loads {@code page} as the holder of {@code token} and fills its form {@code formId}. */
    private Form formOf(String page, String formId, String button, String token, Map<String, String> typed) {
        HttpResponse<String> loaded = client.getWithSession(page, token);
        assertEquals(200, loaded.statusCode(), page);
        return form(page, loaded.body(), formId, button, TestClient.COOKIE_NAME + "=" + token, typed);
    }

    private static Form form(
            String page, String html, String formId, String button, String cookies, Map<String, String> typed) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(formId, formId);
        typed.forEach((id, value) -> fields.put(formId + ":" + id, value));
        fields.put(formId + ":" + button, "x");
        fields.put("jakarta.faces.ViewState", TestClient.viewState(html));
        fields.put(CsrfTokens.FIELD, TestClient.csrfToken(html));
        return new Form(page, formId, button, fields, cookies);
    }

    private static Form withPlainFields(Form form, Map<String, String> plain) {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.putAll(plain);
        return new Form(form.page(), form.formId(), form.button(), fields, form.cookies());
    }

    /** The form token the attacker's own session gets on {@code page}. */
    private String attackersTokenFor(String page) {
        return TestClient.csrfToken(client.getWithSession(page, attackerToken).body());
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
