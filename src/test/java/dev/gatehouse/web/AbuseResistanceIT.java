package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.login.LoginBacking;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sign-in defences tried as an attacker would, and checked for collateral damage: metrics that are no
 * oracle, parallel guesses that cannot outrun the lockout, a password page that is no free oracle either, and
 * hostile list parameters that get a 400 instead of a 500.
 */
class AbuseResistanceIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final String METRICS_TOKEN = "a-metrics-token-of-more-than-32-characters";
    private static final int THRESHOLD = GatehouseSettings.DEFAULT_LOCKOUT_THRESHOLD;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // the test client is the only "proxy": forwarded addresses from 127.0.0.1 are believed here, and only here
        return GatehouseDeployment.packagedWar()
                .withoutLoginRateLimit()
                .withSetting(GatehouseSettings.METRICS_TOKEN, METRICS_TOKEN)
                .withSetting(GatehouseSettings.TRUSTED_PROXIES, "127.0.0.1/32, ::1")
                .build();
    }

    private String username;

    @BeforeEach
    void createUser() {
        username = TestDatabase.uniqueUsername("vic");
        db.createUser(username, PASSWORD, Role.USER);
    }

    @Test
    void aScraperWithTheMetricsTokenReadsMetricsAndNothingElse() {
        client.signIn(username, PASSWORD + "x", null);

        HttpResponse<String> scraped = client.get("/api/metrics", "Authorization", "Bearer " + METRICS_TOKEN);
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.body().contains("gatehouse_signins_total{outcome=\"failed\"}"), scraped.body());
        assertFalse(scraped.body().contains("wrong_password"), scraped.body());

        assertEquals(401, client.get("/api/metrics").statusCode());
        assertEquals(
                401,
                client.get("/api/metrics", "Authorization", "Bearer " + METRICS_TOKEN + "x")
                        .statusCode());
        assertEquals(
                401,
                client.get("/api/metrics", "Authorization", "Bearer " + METRICS_TOKEN.substring(1))
                        .statusCode());
        assertEquals(
                401,
                client.get("/api/me", "Authorization", "Bearer " + METRICS_TOKEN)
                        .statusCode(),
                "the token opens the metrics only");
    }

    @Test
    void fortyParallelGuessesAreCheckedOnlyUpToTheThreshold() {
        List<HttpResponse<String>> responses = inParallel(40, i -> i == 17 ? PASSWORD : "wrong guess " + i);

        long wrongChecked = db.auditEvents("SIGN_IN_FAILED", username, null);
        long succeeded = db.auditEvents("SIGN_IN_SUCCEEDED", username, null);
        long refusedUnchecked = db.auditEvents("SIGN_IN_REFUSED_LOCKED", username, null);
        long busy = responses.stream().filter(r -> r.statusCode() == 503).count(); // not counted, not checked
        assertTrue(
                wrongChecked + succeeded <= THRESHOLD,
                "checked " + wrongChecked + " wrong and " + succeeded + " right passwords; threshold " + THRESHOLD);
        assertEquals(40, wrongChecked + succeeded + refusedUnchecked + busy, "every attempt is accounted for");
        assertTrue(
                responses.stream()
                        .allMatch(r -> r.statusCode() == 200 || r.statusCode() == 302 || r.statusCode() == 503),
                "statuses: " + responses.stream().map(HttpResponse::statusCode).toList());
        if (succeeded == 0) {
            assertTrue(
                    db.queryLong("select count(*) from app_user where username = ? and locked_until > now()", username)
                            == 1,
                    "locked");
        }
    }

    @Test
    void theRightPasswordIsRefusedOnceParallelWrongGuessesLockedTheAccount() {
        long busy = inParallel(39, i -> "wrong guess " + i).stream()
                .filter(r -> r.statusCode() == 503)
                .count();
        while (db.auditEvents("SIGN_IN_FAILED", username, null) < THRESHOLD) {
            client.signIn(username, "one more wrong guess", null); // only if the node was too busy to check some
        }

        assertEquals(THRESHOLD, db.auditEvents("SIGN_IN_FAILED", username, null), "only the threshold was checked");
        assertTrue(
                db.auditEvents("SIGN_IN_REFUSED_LOCKED", username, null) + busy >= 39 - THRESHOLD,
                "the rest were refused unchecked (or as busy, before being counted)");
        assertEquals(1, db.auditEvents("ACCOUNT_LOCKED", username, null), "locked once");
        HttpResponse<String> right = client.signIn(username, PASSWORD, null);
        assertTrue(TestClient.sessionCookie(right).isEmpty(), "the right password does not open a locked account");
        assertEquals(0, db.countSessionsOf(username));
    }

    @Test
    void wrongCurrentPasswordsOnThePasswordPageAreAuditedAndLockTheAccount() {
        String token = client.signInForToken(username, PASSWORD);
        for (int i = 0; i < THRESHOLD; i++) {
            HttpResponse<String> wrong =
                    client.changePassword(token, "not my password " + i, "a new long password 1", false);
            assertTrue(wrong.body().contains("Your current password was not right."), wrong.body());
        }
        String hash = db.passwordHashOf(username);

        assertEquals(THRESHOLD, db.auditEvents("PASSWORD_CHANGE_FAILED", username, null));
        HttpResponse<String> locked = client.changePassword(token, PASSWORD, "a new long password 1", false);
        assertFalse(locked.body().contains("Your password has been changed."), "locked: even the right one is refused");
        assertEquals(hash, db.passwordHashOf(username));
        assertTrue(
                TestClient.sessionCookie(client.signIn(username, PASSWORD, null))
                        .isEmpty(),
                "sign-in is locked too");
        HttpResponse<String> huge = client.changePassword(token, "x".repeat(100_000), "y".repeat(100_000), false);
        assertTrue(huge.statusCode() < 500, "over-long input is refused, not hashed: " + huge.statusCode());
    }

    @Test
    void hostileListParametersGet400AndNeverAServerError() {
        String admin = TestDatabase.uniqueUsername("ada");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        String token = client.signInForToken(admin, PASSWORD);
        List<String> refused = List.of(
                "/admin/audit.xhtml?page=abc",
                "/admin/audit.xhtml?page=99999999999",
                "/admin/audit.xhtml?size=-1",
                "/admin/audit.xhtml?user=a%00b",
                "/admin/audit.xhtml?from=-999999999-01-01",
                "/admin/audit.xhtml?until=%2B99999-01-01",
                "/admin/audit.xhtml?from=yesterday",
                "/admin/audit.xhtml?user=" + "u".repeat(10_000),
                "/admin/audit.xhtml?type=%07",
                "/admin/sessions.xhtml?page=1e3",
                "/admin/sessions.xhtml?size=2147483648",
                "/admin/sessions.xhtml?ip=%00",
                "/admin/sessions.xhtml?user=%1b%5b31m",
                "/admin/sessions.xhtml?ended=many",
                "/admin/users.xhtml?q=%00",
                "/admin/users.xhtml?page=-5",
                "/account/sessions.xhtml?ended=%00",
                "/login.xhtml?return=%00");
        List<String> failures = new ArrayList<>();
        for (String path : refused) {
            HttpResponse<String> response = client.getWithSession(path, token);
            if (response.statusCode() != 400 || response.body().contains("Exception")) {
                failures.add(path.substring(0, Math.min(80, path.length())) + " -> " + response.statusCode());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(
                200,
                client.getWithSession("/admin/audit.xhtml?page=2&size=50&from=2026-01-01", token)
                        .statusCode());
        assertEquals(
                200,
                client.getWithSession("/admin/sessions.xhtml?ended=3", token).statusCode());
    }

    @Test
    void aBrowserWithTheUsersDeviceCookieSignsInWhileGuessesFromElsewhereLockTheAccount() {
        HttpResponse<String> first = client.signIn(username, PASSWORD, null);
        String device = TestClient.cookie(first, TestClient.DEVICE_COOKIE_NAME)
                .orElseThrow(() -> new AssertionError("a successful sign-in leaves a device cookie"))
                .value();
        client.signOut(TestClient.sessionCookie(first).orElseThrow().value());

        inParallel(THRESHOLD + 3, i -> "attacker guess " + i);
        assertTrue(
                TestClient.sessionCookie(client.signIn(username, PASSWORD, null))
                        .isEmpty(),
                "locked for browsers without the device cookie");

        HttpResponse<String> trusted = client.signIn(username, PASSWORD, null, null, device);
        assertTrue(
                TestClient.sessionCookie(trusted)
                        .filter(c -> !c.value().isEmpty())
                        .isPresent(),
                "the owner's usual browser still gets in: " + trusted.statusCode());
        assertTrue(TestClient.cookie(trusted, TestClient.DEVICE_COOKIE_NAME).isEmpty(), "the device cookie is kept");
    }

    @Test
    void theOwnerChangesThePasswordFromATrustedBrowserWhileTheAccountIsLocked() {
        HttpResponse<String> first = client.signIn(username, PASSWORD, null);
        String device = TestClient.cookie(first, TestClient.DEVICE_COOKIE_NAME)
                .orElseThrow()
                .value();
        String token = TestClient.sessionCookie(first).orElseThrow().value();

        inParallel(THRESHOLD + 3, i -> "attacker guess " + i);
        HttpResponse<String> untrusted = client.changePassword(token, PASSWORD, "a brand new long password 7", false);
        assertFalse(untrusted.body().contains("Your password has been changed."), "locked without the device cookie");

        HttpResponse<String> trusted =
                client.changePassword(token, PASSWORD, "a brand new long password 7", false, device);
        assertTrue(trusted.body().contains("Your password has been changed."), trusted.body());
    }

    @Test
    void aDeviceCookieHasABudgetOfItsOwn() {
        String device = TestClient.cookie(client.signIn(username, PASSWORD, null), TestClient.DEVICE_COOKIE_NAME)
                .orElseThrow()
                .value();
        for (int i = 0; i < THRESHOLD; i++) {
            client.signIn(username, "wrong from the trusted browser " + i, null, null, device);
        }

        assertTrue(
                TestClient.sessionCookie(client.signIn(username, PASSWORD, null, null, device))
                        .isEmpty(),
                "the device is locked after its own budget");
        assertEquals(
                0,
                db.queryLong("select failed_logins from app_user where username = ?", username),
                "the account's own budget is untouched");
        assertTrue(
                TestClient.sessionCookie(client.signIn(username, PASSWORD, null))
                        .isPresent(),
                "other browsers are not locked by the device's failures");
    }

    @Test
    void aTrustedProxyNamesTheClientForTheAuditTrailAndTheRateLimit() {
        client.signIn(username, PASSWORD + "x", null, null, null, "X-Forwarded-For", "203.0.113.77");

        assertEquals(
                1,
                db.queryLong(
                        "select count(*) from audit_event where subject_name = ? and client_ip = ?",
                        username,
                        "203.0.113.77"));
        assertEquals(1, db.queryLong("select count(*) from sign_in_attempt where client_ip = ?", "203.0.113.77"));
    }

    @Test
    void aFloodOfSignInsLeavesSignedInUsersUntouched() throws InterruptedException {
        String token = client.signInForToken(username, PASSWORD);
        HttpResponse<String> page = client.get("/login.xhtml");
        String cookie = TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(page).orElseThrow().value();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", "login");
        fields.put("login:password", PASSWORD);
        fields.put("login:submit", "Sign in");
        fields.put("jakarta.faces.ViewState", TestClient.viewState(page.body()));
        fields.put(CsrfTokens.FIELD, TestClient.csrfToken(page.body()));
        int flooders = 200;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        java.util.Queue<String> floodAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ExecutorService flood = Executors.newFixedThreadPool(flooders);
        try {
            for (int i = 0; i < flooders; i++) {
                int flooder = i;
                flood.submit(() -> {
                    for (int n = 0; System.nanoTime() < deadline && n < 1_000; n++) {
                        Map<String, String> attempt = new LinkedHashMap<>(fields);
                        attempt.put("login:username", "flood-" + flooder + "-" + n); // unknown: a full hash each
                        HttpResponse<String> answer = client.postForm("/login.xhtml", attempt, "Cookie", cookie);
                        floodAnswers.add(answer.statusCode() + " "
                                + answer.headers().firstValue("Retry-After").orElse("-"));
                    }
                });
            }
            List<String> meAnswers = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> me = client.getWithSession("/api/me", token);
                meAnswers.add(me.statusCode() + " "
                        + me.headers().firstValue("Retry-After").orElse("-"));
            }
            flood.shutdown();
            assertTrue(flood.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS), "the flood stopped");

            assertTrue(floodAnswers.size() >= flooders, "sign-ins sent: " + floodAnswers.size());
            assertFalse(meAnswers.isEmpty());
            assertEquals(
                    List.of(),
                    meAnswers.stream()
                            .filter(a -> !a.startsWith("200 "))
                            .distinct()
                            .toList(),
                    "the signed-in user got only 200s, " + meAnswers.size() + " requests");
            List<String> unexpected = floodAnswers.stream()
                    .filter(a -> !(a.startsWith("200 ")
                            || a.startsWith("429 ")
                            || a.equals("503 " + LoginBacking.BUSY_RETRY_AFTER_SECONDS)))
                    .distinct()
                    .toList();
            assertEquals(List.of(), unexpected, "sign-ins were refused as busy, never as 'database unavailable'");
        } finally {
            flood.shutdownNow();
        }
    }

    /** {@code count} sign-ins of the test user at once, with the password {@code passwordFor(i)}. */
    private List<HttpResponse<String>> inParallel(int count, java.util.function.IntFunction<String> passwordFor) {
        HttpResponse<String> page = client.get("/login.xhtml");
        String cookie = TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(page).orElseThrow().value();
        ExecutorService senders = Executors.newFixedThreadPool(count);
        try {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("login", "login");
                fields.put("login:username", username);
                fields.put("login:password", passwordFor.apply(i));
                fields.put("login:submit", "Sign in");
                fields.put("jakarta.faces.ViewState", TestClient.viewState(page.body()));
                fields.put(CsrfTokens.FIELD, TestClient.csrfToken(page.body()));
                sent.add(CompletableFuture.supplyAsync(
                        () -> client.postForm("/login.xhtml", fields, "Cookie", cookie), senders));
            }
            return sent.stream().map(CompletableFuture::join).toList();
        } finally {
            senders.shutdownNow();
        }
    }
}
