package dev.gatehouse.web;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Throttling, lockout, enumeration, password rules, CSRF, headers and redirects, over real HTTP. */
class SignInHardeningIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final String FAILURE = "Incorrect username or password.";
    private static final int SESSION_LIMIT = 3;
    private static final Duration RENEWAL =
            GatehouseSettings.DEFAULT_IDLE_TIMEOUT.dividedBy(GatehouseSettings.DEFAULT_RENEWAL_FRACTION);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.packagedWar()
                // no waiting for a hashing slot, so concurrent sign-ins beyond the core count get 503 at once
                .withSetting(GatehouseSettings.HASHING_WAIT, "PT0S")
                .withSetting(GatehouseSettings.MAX_SESSIONS_PER_USER, Integer.toString(SESSION_LIMIT))
                .build();
    }

    private String username;

    @BeforeEach
    void createUserInAFreshRateLimitWindow() {
        server.advanceClock(Duration.ofMinutes(1));
        // every test class signs in from 127.0.0.1, some on clocks moved far ahead: start from an empty count
        db.execute("delete from sign_in_attempt");
        username = TestDatabase.uniqueUsername("lou");
        db.createUser(username, PASSWORD, Role.USER);
    }

    @Test
    void fiveFailuresLockTheAccountAndEvenTheRightPasswordLooksLikeAFailure() {
        for (int i = 0; i < GatehouseSettings.DEFAULT_LOCKOUT_THRESHOLD; i++) {
            assertTrue(
                    client.signIn(username, "wrong password " + i, null).body().contains(FAILURE));
        }
        HttpResponse<String> whileLocked = client.signIn(username, PASSWORD, null);

        assertEquals(200, whileLocked.statusCode());
        assertTrue(whileLocked.body().contains(FAILURE));
        assertTrue(sessionCookie(whileLocked).isEmpty());
        assertEquals(5, db.queryLong("select failed_logins from app_user where username = ?", username));

        server.advanceClock(GatehouseSettings.DEFAULT_LOCKOUT_BASE.plusSeconds(1));
        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isPresent(), "unlocked after a minute");
        assertEquals(
                5,
                db.queryLong("select failed_logins from app_user where username = ?", username),
                "a success after a lock keeps the escalation: the next failure locks again at once");
        assertTrue(
                client.signIn(username, "one more wrong password", null).body().contains(FAILURE));
        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isEmpty(), "locked again after one failure");
    }

    @Test
    void eachFurtherFailureDoublesTheLock() {
        for (int i = 0; i < GatehouseSettings.DEFAULT_LOCKOUT_THRESHOLD; i++) {
            client.signIn(username, "wrong password " + i, null);
        }
        server.advanceClock(GatehouseSettings.DEFAULT_LOCKOUT_BASE.plusSeconds(1));
        client.signIn(username, "wrong again", null);
        Instant now = server.now();

        Instant lockedUntil = db.queryInstant("select locked_until from app_user where username = ?", username);
        Duration lock = Duration.between(now, lockedUntil);
        assertTrue(
                lock.compareTo(Duration.ofSeconds(110)) > 0 && lock.compareTo(Duration.ofMinutes(2)) <= 0,
                "second lock lasts two minutes: " + lock);
    }

    @Test
    void lockedAccountAnswersExactlyLikeAnUnknownUser() {
        db.update(
                "update app_user set failed_logins = 9, locked_until = ? where username = ?",
                Timestamp.from(server.now().plus(Duration.ofHours(1))),
                username);

        HttpResponse<String> locked = client.signIn(username, PASSWORD, null);
        HttpResponse<String> unknown = client.signIn(TestDatabase.uniqueUsername("ghost"), PASSWORD, null);

        assertEquals(unknown.statusCode(), locked.statusCode());
        assertEquals(normalise(unknown.body()), normalise(locked.body()));
    }

    @Test
    void oneClientGetsTwentySignInsAMinuteThen429WithRetryAfter() {
        for (int i = 0; i < GatehouseSettings.DEFAULT_LOGIN_RATE_PER_MINUTE; i++) {
            assertEquals(
                    200,
                    client.signIn(TestDatabase.uniqueUsername("ghost"), PASSWORD, null)
                            .statusCode());
        }
        HttpResponse<String> limited = client.signIn(username, PASSWORD, null);

        assertEquals(429, limited.statusCode());
        long retryAfter =
                Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After: " + retryAfter);
        assertTrue(limited.body().contains("Too many attempts"), limited.body());
        assertEquals(0, db.countSessionsOf(username));

        server.advanceClock(Duration.ofSeconds(retryAfter));
        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isPresent(), "allowed again after waiting");
    }

    @Test
    void aFloodOfSignInsGets503BusyInsteadOfStarvingPages() {
        String token = client.signInForToken(username, PASSWORD);
        HttpResponse<String> form = client.get("/login.xhtml");
        Map<String, String> fields = Map.of(
                "login",
                "login",
                "login:username",
                "nobody",
                "login:password",
                PASSWORD,
                "login:submit",
                "Sign in",
                "jakarta.faces.ViewState",
                TestClient.viewState(form.body()),
                CsrfTokens.FIELD,
                TestClient.csrfToken(form.body()));
        String presession = TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(form).orElseThrow().value();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            flood.add(CompletableFuture.supplyAsync(
                    () -> client.postForm("/login.xhtml", fields, "Cookie", presession), senders));
        }
        HttpResponse<String> page = client.getWithSession("/index.xhtml", token);

        List<Integer> statuses = flood.stream().map(f -> f.join().statusCode()).toList();
        senders.shutdown();
        assertEquals(200, page.statusCode(), "pages are served during the flood");
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), "statuses: " + statuses);
        assertTrue(statuses.contains(503), "more concurrent hashes than cores must be refused: " + statuses);
        HttpResponse<String> busy = flood.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.statusCode() == 503)
                .findFirst()
                .orElseThrow();
        assertEquals("2", busy.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(busy.body().contains("temporarily unavailable"), busy.body());
    }

    @Test
    void anOldHashIsUpgradedAtTheNextSuccessfulSignIn() {
        db.setPasswordHash(username, weakArgon2(PASSWORD));

        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isPresent());

        assertTrue(
                db.passwordHashOf(username).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), db.passwordHashOf(username));
        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isPresent(), "the upgraded hash verifies");
    }

    @Test
    void newPasswordsMustPassThePolicyAndMayBeAnyUnicode() {
        String token = client.signInForToken(username, PASSWORD);

        HttpResponse<String> common = client.changePassword(token, PASSWORD, "1qaz2wsx3edc", false);
        HttpResponse<String> tooLong = client.changePassword(token, PASSWORD, "x".repeat(1025), false);
        assertTrue(common.body().contains("one of the most common"), common.body());
        assertTrue(tooLong.body().contains("That password is too long."), tooLong.body());

        String unicode = "Gr\u00fc\u00dfe aus K\u00f6ln \u6771\u4eac \uD83D\uDD11";
        HttpResponse<String> changed = client.changePassword(token, PASSWORD, unicode, false);
        assertTrue(changed.body().contains("Your password has been changed."), changed.body());
        String decomposed = "Gru\u0308\u00dfe aus Ko\u0308ln \u6771\u4eac \uD83D\uDD11";
        assertTrue(sessionCookie(client.signIn(username, decomposed, null)).isPresent(), "normalised consistently");
    }

    @Test
    void securityHeadersOnPublicAuthenticatedAndErrorResponses() {
        String token = client.signInForToken(username, PASSWORD);
        List<HttpResponse<String>> responses = List.of(
                client.get("/login.xhtml"),
                client.getWithSession("/index.xhtml", token),
                client.getWithSession("/no-such-page.xhtml", token),
                client.getWithSession("/api/me", token));

        for (HttpResponse<String> response : responses) {
            String what = response.uri() + " " + response.statusCode();
            String csp = response.headers()
                    .firstValue("Content-Security-Policy")
                    .orElseThrow(() -> new AssertionError(what));
            for (String directive : List.of(
                    "default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'")) {
                assertTrue(csp.contains(directive), what + ": " + csp);
            }
            assertFalse(csp.contains("unsafe-inline"), what);
            assertEquals(
                    "nosniff",
                    response.headers().firstValue("X-Content-Type-Options").orElse(""),
                    what);
            assertEquals(
                    "same-origin",
                    response.headers().firstValue("Referrer-Policy").orElse(""),
                    what);
            assertTrue(response.headers().firstValue("Permissions-Policy").isPresent(), what);
            assertTrue(response.headers().firstValue("X-Powered-By").isEmpty(), what);
            assertTrue(response.headers().firstValue("Server").isEmpty(), what);
            assertTrue(
                    response.headers().firstValue("Strict-Transport-Security").isEmpty(), "plain HTTP: " + what);
        }
        assertEquals(
                "no-store",
                responses.get(1).headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(
                "no-store",
                responses.get(3).headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(404, responses.get(2).statusCode());
        assertTrue(responses.get(2).body().contains("There is no page at this address."));
    }

    @Test
    void crossOriginPostsAreRefusedAndChangeNothing() {
        String token = client.signInForToken(username, PASSWORD);
        HttpResponse<String> page = client.getWithSession("/index.xhtml", token);
        Map<String, String> signOut = Map.of(
                "signOut",
                "signOut",
                "signOut:submit",
                "Sign out",
                "jakarta.faces.ViewState",
                TestClient.viewState(page.body()),
                CsrfTokens.FIELD,
                TestClient.csrfToken(page.body()));
        String cookie = TestClient.COOKIE_NAME + "=" + token;

        HttpResponse<String> fromEvil =
                client.postForm("/index.xhtml", signOut, "Cookie", cookie, "Origin", "https://evil.example");
        HttpResponse<String> refererOnly =
                client.postForm("/index.xhtml", signOut, "Cookie", cookie, "Referer", "https://evil.example/page");
        HttpResponse<String> nullOrigin = client.postForm("/index.xhtml", signOut, "Cookie", cookie, "Origin", "null");
        HttpResponse<String> loginFromEvil = client.postForm(
                "/login.xhtml",
                Map.of("login", "login", "login:username", username, "login:password", PASSWORD),
                "Origin",
                "https://evil.example");

        for (HttpResponse<String> refused : List.of(fromEvil, refererOnly, nullOrigin, loginFromEvil)) {
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("You do not have permission"), refused.body());
        }
        assertEquals(1, db.countSessionsOf(username), "no sign-out and no new session happened");
        HttpResponse<String> sameOrigin = client.postForm(
                "/index.xhtml",
                signOut,
                "Cookie",
                cookie,
                "Origin",
                client.base().toString());
        assertEquals(302, sameOrigin.statusCode());
        assertEquals(0, db.countSessionsOf(username));
    }

    @Test
    void signOutIsPostOnly() {
        String token = client.signInForToken(username, PASSWORD);

        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            HttpResponse<String> response =
                    client.send(method, "/index.xhtml", "Cookie", TestClient.COOKIE_NAME + "=" + token);
            assertTrue(
                    response.statusCode() == 405 || response.statusCode() == 400,
                    method + ": " + response.statusCode());
        }
        assertEquals(1, db.countSessionsOf(username));
    }

    @Test
    void returnTargetsOutsideTheApplicationAreIgnored() {
        List<String> evil = List.of(
                "//evil.example",
                "/\\evil.example",
                "\\\\evil",
                "https://evil.example",
                "javascript:alert(1)",
                "JavaScript:alert(1)",
                "%2F%2Fevil.example",
                "/%2F/evil.example",
                "/%5Cevil.example",
                "HTTPS://EVIL.EXAMPLE",
                "/%252F%252Fevil.example",
                "\t//evil.example",
                "/\r\nLocation: https://evil.example",
                "/..//evil.example",
                "/../admin/audit.xhtml",
                "/a/./b");
        for (String target : evil) {
            HttpResponse<String> response = client.signIn(username, PASSWORD, target);
            assertEquals(
                    client.base() + "/",
                    response.headers().firstValue("Location").orElseThrow(),
                    target);
        }
        HttpResponse<String> local = client.signIn(username, PASSWORD, "/account/password.xhtml?x=1");
        assertEquals(
                client.base() + "/account/password.xhtml?x=1",
                local.headers().firstValue("Location").orElseThrow());
    }

    private static String normalise(String html) {
        return TestClient.withoutViewState(html)
                .replaceAll("name=\"login:username\" value=\"[^\"]*\"", "name=\"login:username\" value=\"\"");
    }

    /** Argon2id below today's parameters (m = 4 MiB, t = 1), as an older installation would have stored. */
    private static String weakArgon2(String password) {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(4096)
                .withIterations(1)
                .withParallelism(1)
                .withSalt(salt)
                .build());
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=4096,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Test
    void reachingTheSessionLimitEndsTheLeastRecentlySeenSession() {
        String first = client.signInForToken(username, PASSWORD);
        server.advanceClock(Duration.ofSeconds(1));
        String second = client.signInForToken(username, PASSWORD);
        server.advanceClock(Duration.ofSeconds(1));
        String third = client.signInForToken(username, PASSWORD);
        server.advanceClock(RENEWAL);
        assertEquals(200, client.getWithSession("/api/me", first).statusCode(), "first is now the most recently seen");

        String fourth = client.signInForToken(username, PASSWORD);

        assertEquals(SESSION_LIMIT, db.countSessionsOf(username));
        assertEquals(401, client.getWithSession("/api/me", second).statusCode(), "least recently seen ended");
        for (String alive : List.of(first, third, fourth)) {
            assertEquals(200, client.getWithSession("/api/me", alive).statusCode());
        }
    }
}
