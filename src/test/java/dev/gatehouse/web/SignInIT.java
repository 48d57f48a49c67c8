package dev.gatehouse.web;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.session.SessionToken;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestClient.SetCookie;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The walking skeleton over real HTTP: sign in, use the session, sign out, and every way a cookie can be wrong. */
class SignInIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private String username;

    @BeforeEach
    void createUser() {
        username = TestDatabase.uniqueUsername("alice");
        db.createUser(username, PASSWORD, Role.USER);
    }

    @Test
    void signInSetsAHostPrefixedCookieWithEveryProtectiveAttribute() {
        HttpResponse<String> response = client.signIn(username, PASSWORD, null);

        assertEquals(302, response.statusCode());
        SetCookie cookie = sessionCookie(response).orElseThrow();
        assertEquals(SessionToken.ENCODED_LENGTH, cookie.value().length());
        assertTrue(cookie.has("HttpOnly"));
        assertTrue(cookie.has("Secure"));
        assertEquals("Lax", cookie.attribute("SameSite"));
        assertEquals("/", cookie.attribute("Path"));
        assertFalse(cookie.has("Domain"));
        long maxAge = Long.parseLong(cookie.attribute("Max-Age"));
        assertTrue(maxAge > 12 * 3600 - 60 && maxAge <= 12 * 3600, "Max-Age runs to the absolute expiry: " + maxAge);
    }

    @Test
    void databaseHoldsOnlyTheSha256OfTheToken() {
        String token = client.signInForToken(username, PASSWORD);

        List<byte[]> stored = db.tokenHashesOf(username);
        assertEquals(1, stored.size());
        assertEquals(32, stored.get(0).length);
        assertArrayEquals(SessionToken.digest(token), stored.get(0));
        assertFalse(new String(stored.get(0), StandardCharsets.ISO_8859_1).contains(token));
    }

    @Test
    void protectedPageWithoutSessionRedirectsToLoginWithReturnPath() {
        HttpResponse<String> response = client.get("/index.xhtml?tab=2");

        assertEquals(302, response.statusCode());
        assertEquals(
                client.base() + "/login.xhtml?return=%2Findex.xhtml%3Ftab%3D2",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void signInReturnsToTheRequestedLocalPathOnly() {
        HttpResponse<String> local = client.signIn(username, PASSWORD, "/api/me?x=1");
        HttpResponse<String> foreign = client.signIn(username, PASSWORD, "//evil.example/steal");

        assertEquals(
                client.base() + "/api/me?x=1",
                local.headers().firstValue("Location").orElseThrow());
        assertEquals(
                client.base() + "/", foreign.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void homePageShowsTheSignedInUser() {
        String token = client.signInForToken(username, PASSWORD);

        HttpResponse<String> home = client.getWithSession("/", token);

        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<dd id=\"username\">" + username + "</dd>"), home.body());
        assertTrue(home.body().contains("<dd id=\"roles\">user</dd>"), home.body());
        assertTrue(home.body().contains("id=\"signOut\""), "sign-out form in the template");
        assertEquals("no-store", home.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void usernamesAreTrimmedAndCaseInsensitive() {
        HttpResponse<String> response = client.signIn("  " + username.toUpperCase() + " ", PASSWORD, null);

        assertEquals(302, response.statusCode());
        assertTrue(sessionCookie(response).isPresent());
    }

    @Test
    void meReturnsTheUserAsJsonWithAValidSession() {
        String token = client.signInForToken(username, PASSWORD);

        HttpResponse<String> me = client.getWithSession("/api/me", token);

        assertEquals(200, me.statusCode());
        assertTrue(me.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(me.body().contains("\"username\":\"" + username + "\""), me.body());
        assertTrue(me.body().contains("\"displayName\":\"Test " + username + "\""), me.body());
        assertTrue(me.body().contains("\"roles\":[\"user\"]"), me.body());
        assertTrue(me.body().matches(".*\"sessionExpiresAt\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\".*"), me.body());
    }

    @Test
    void meWithoutSessionIs401JsonNeverARedirect() {
        HttpResponse<String> me = client.get("/api/me");

        assertEquals(401, me.statusCode());
        assertTrue(me.headers().firstValue("Location").isEmpty());
        assertTrue(me.body().contains("\"error\":\"unauthenticated\""), me.body());
    }

    @Test
    void livenessAndReadinessAreServed() {
        HttpResponse<String> ready = client.get("/health/ready");

        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("\"gatehouse-database\""), ready.body());
        assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
        assertEquals(200, client.get("/health/live").statusCode());
    }

    @Test
    void metricsAreForAdministratorsAndNameNoReasonForAFailure() {
        String admin = TestDatabase.uniqueUsername("ada");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        client.signIn(username, PASSWORD + "x", null);
        client.signIn(TestDatabase.uniqueUsername("nobody"), PASSWORD, null);
        String userToken = client.signInForToken(username, PASSWORD);
        client.getWithSession("/api/me", userToken);

        assertEquals(401, client.get("/api/metrics").statusCode(), "anonymous");
        assertEquals(
                401, client.get("/api/metrics", "Authorization", "Bearer guess").statusCode(), "no token configured");
        assertEquals(403, client.getWithSession("/api/metrics", userToken).statusCode(), "a plain user");
        HttpResponse<String> metrics = client.getWithSession("/api/metrics", client.signInForToken(admin, PASSWORD));

        assertEquals(200, metrics.statusCode());
        assertEquals("no-store", metrics.headers().firstValue("Cache-Control").orElseThrow());
        for (String name : List.of(
                "gatehouse_signins_total{outcome=\"succeeded\"}",
                "gatehouse_signins_total{outcome=\"failed\"}",
                "gatehouse_session_validation_seconds_count",
                "gatehouse_sessions_live")) {
            assertTrue(metrics.body().contains(name), name + " in\n" + metrics.body());
        }
        for (String reason : List.of("wrong_password", "unknown_user", "locked", "disabled")) {
            assertFalse(metrics.body().contains(reason), reason + " must not be told apart in\n" + metrics.body());
        }
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerIsIgnored() {
        client.signIn(
                username,
                PASSWORD + "x",
                null,
                null,
                null,
                "X-Forwarded-For",
                "203.0.113.66",
                "Forwarded",
                "for=203.0.113.67");

        assertEquals(
                0,
                db.queryLong("select count(*) from audit_event where client_ip in ('203.0.113.66', '203.0.113.67')"));
        assertEquals(
                1,
                db.queryLong(
                        "select count(*) from audit_event where subject_name = ? and client_ip = '127.0.0.1'",
                        username));
    }

    @Test
    void pingIsPublic() {
        HttpResponse<String> ping = client.get("/api/ping");

        assertEquals(200, ping.statusCode());
        assertEquals("pong", ping.body());
    }

    @Test
    void everyKindOfBadCookieIsRejectedAndCleared() {
        String valid = client.signInForToken(username, PASSWORD);
        char flipped = valid.charAt(10) == 'A' ? 'B' : 'A';
        Map<String, String> badCookies = Map.of(
                "tampered",
                valid.substring(0, 10) + flipped + valid.substring(11),
                "unknown",
                SessionToken.generate(),
                "empty",
                "",
                "oversized",
                "A".repeat(4000),
                "not base64url",
                "%%%not*base64!!",
                "truncated",
                valid.substring(0, 20),
                "sql",
                "'+OR+1=1--");

        badCookies.forEach((kind, value) -> {
            HttpResponse<String> page = client.get("/index.xhtml", "Cookie", TestClient.COOKIE_NAME + "=" + value);
            assertEquals(302, page.statusCode(), kind);
            assertTrue(page.headers().firstValue("Location").orElseThrow().contains("/login.xhtml"), kind);
            assertTrue(sessionCookie(page).map(SetCookie::clears).orElse(false), kind + ": cookie cleared");

            HttpResponse<String> api = client.get("/api/me", "Cookie", TestClient.COOKIE_NAME + "=" + value);
            assertEquals(401, api.statusCode(), kind);
        });
        assertEquals(1, db.countSessionsOf(username), "the valid session was not touched");
    }

    @Test
    void signOutDeletesTheRowClearsTheCookieAndTheOldTokenStopsWorking() {
        String token = client.signInForToken(username, PASSWORD);
        assertEquals(1, db.countSessionsOf(username));

        HttpResponse<String> signOut = client.signOut(token);

        assertEquals(302, signOut.statusCode());
        assertTrue(signOut.headers().firstValue("Location").orElseThrow().contains("/login.xhtml"));
        assertTrue(sessionCookie(signOut).map(SetCookie::clears).orElse(false));
        // "cache" only: "cookies" would also sign the browser out of every other application on the site
        assertEquals(
                "\"cache\"", signOut.headers().firstValue("Clear-Site-Data").orElseThrow());
        assertEquals(
                1,
                signOut.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith(TestClient.COOKIE_NAME + "="))
                        .count(),
                "only its own cookie is expired");
        assertEquals(0, db.countSessionsOf(username));
        assertEquals(401, client.getWithSession("/api/me", token).statusCode());
        assertEquals(302, client.getWithSession("/index.xhtml", token).statusCode());
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledUserLookExactlyAlike() {
        String disabled = TestDatabase.uniqueUsername("dave");
        db.createUser(disabled, PASSWORD, false, Role.USER);

        HttpResponse<String> wrongPassword = client.signIn(username, PASSWORD + "x", null);
        HttpResponse<String> unknownUser = client.signIn(TestDatabase.uniqueUsername("nobody"), PASSWORD, null);
        HttpResponse<String> disabledUser = client.signIn(disabled, PASSWORD, null);

        for (HttpResponse<String> response : List.of(wrongPassword, unknownUser, disabledUser)) {
            assertEquals(200, response.statusCode());
            assertTrue(sessionCookie(response).isEmpty());
            assertTrue(response.body().contains("Incorrect username or password."), response.body());
        }
        String expected = withoutTypedUsername(wrongPassword.body(), username);
        assertEquals(expected, withoutTypedUsername(unknownUser.body(), null));
        assertEquals(expected, withoutTypedUsername(disabledUser.body(), disabled));
        assertEquals(0, db.countSessionsOf(username) + db.countSessionsOf(disabled));
    }

    /** Pages differ only in the view state and in echoing the typed username; remove both. */
    private static String withoutTypedUsername(String html, String typed) {
        String page = TestClient.withoutViewState(html);
        page = page.replaceAll("name=\"login:username\" value=\"[^\"]*\"", "name=\"login:username\" value=\"\"");
        return typed == null ? page : page.replace(typed, "");
    }
}
