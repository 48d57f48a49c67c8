package dev.gatehouse.factor;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Authenticator;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TwoStep;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Second factors on real PostgreSQL and Payara, with the shipped policy (administrators need one): enrolment,
 * two-step sign-in with codes computed from the secret and the server's clock, replay and drift, recovery codes,
 * forced enrolment, lockout by wrong codes, races, and sudo mode.
 */
class SecondFactorIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final String FAILED = "That code was not accepted";
    private static final Duration STEP = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.secondFactorPolicy();
    }

    private TwoStep twoStep;
    private String user;

    @BeforeEach
    void createUser() {
        twoStep = new TwoStep(client);
        user = TestDatabase.uniqueUsername("tess");
        db.createUser(user, PASSWORD, Role.USER);
    }

    /** A user with an authenticator added from the account page; the clock moved past the step it used. */
    private TwoStep.Enrolled enrolled(String username) {
        TwoStep.Enrolled enrolled = twoStep.enrolFromAccount(client.signInForToken(username, PASSWORD), server);
        server.advanceClock(STEP);
        return enrolled;
    }

    @Test
    void enrolmentFromTheAccountPageTurnsOnTwoStepSignIn() {
        String token = client.signInForToken(user, PASSWORD);
        HttpResponse<String> started = client.submit("/account/two-factor.xhtml", token, "start", "submit", Map.of());
        assertTrue(started.body().contains("<svg"), "a QR code is drawn into the page");
        Authenticator app = Authenticator.fromPage(started.body());
        assertFalse(
                db.queryString(
                                "select sealed_secret from totp_factor f join app_user u on u.id = f.user_id"
                                        + " where u.username = ?",
                                user)
                        .contains(app.base32()),
                "the secret is stored sealed, never as it is shown");

        HttpResponse<String> wrong = client.submit(
                "/account/two-factor.xhtml", token, "confirm", "submit", Map.of("code", app.codeAt(server.now(), 3)));
        assertTrue(wrong.body().contains("That code was not accepted"), wrong.body());
        assertEquals(
                0,
                db.queryLong(
                        "select count(*) from totp_factor f join app_user u on u.id = f.user_id"
                                + " where u.username = ? and confirmed_at is not null",
                        user));

        HttpResponse<String> confirmed = client.submit(
                "/account/two-factor.xhtml", token, "confirm", "submit", Map.of("code", app.codeAt(server.now())));
        assertEquals(10, TwoStep.recoveryCodes(confirmed.body()).size(), "ten recovery codes, shown once");
        assertEquals(1, db.auditEvents("SECOND_FACTOR_ENROLLED", user, user));
        assertFalse(
                client.getWithSession("/account/two-factor.xhtml", token).body().contains("recovery-code\""),
                "the codes are not shown again");

        long sessionsBefore = db.countSessionsOf(user);
        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        assertEquals(sessionsBefore, db.countSessionsOf(user), "no session exists between the two steps");
        assertEquals(
                302,
                client.getWithSession("/account/sessions.xhtml", pending).statusCode(),
                "the pending token is no session token");

        server.advanceClock(STEP); // the enrolment used the current step's code
        HttpResponse<String> signedIn = twoStep.code(pending, app.codeAt(server.now()));
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        String newToken = sessionCookie(signedIn).orElseThrow().value();
        assertEquals(
                200, client.getWithSession("/account/sessions.xhtml", newToken).statusCode());
        assertEquals(
                "TOTP",
                db.queryString(
                        "select second_factor from auth_session s join app_user u on u.id = s.user_id"
                                + " where u.username = ? and second_factor is not null",
                        user));
        assertTrue(TestClient.cookie(signedIn, TwoStep.PENDING_COOKIE_NAME)
                .orElseThrow()
                .clears());
    }

    @Test
    void everyCodeWorksOnceAndOnlyOneStepOfDriftIsAccepted() {
        Authenticator app = enrolled(user).app();
        var now = server.advanceClock(Duration.ofMinutes(5)); // the enrolment's step is long past either way

        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        for (int drift : new int[] {-2, 2}) {
            HttpResponse<String> refused = twoStep.code(pending, app.codeAt(now, drift));
            assertTrue(refused.body().contains(FAILED), "drift " + drift + " is refused");
            assertTrue(sessionCookie(refused).isEmpty());
        }
        HttpResponse<String> late = twoStep.code(pending, app.codeAt(now, -1));
        assertEquals(302, late.statusCode(), "a code one step old is accepted");

        pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        HttpResponse<String> replayed = twoStep.code(pending, app.codeAt(now, -1));
        assertTrue(replayed.body().contains(FAILED), "an accepted code never works again");
        HttpResponse<String> early = twoStep.code(pending, app.codeAt(now, 1));
        assertEquals(302, early.statusCode(), "a code one step ahead is accepted");

        pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        assertTrue(
                twoStep.code(pending, app.codeAt(now)).body().contains(FAILED),
                "a code older than the last accepted one is refused too");
        assertTrue(twoStep.code(pending, app.codeAt(now, 1)).body().contains(FAILED));
        assertEquals(5, db.auditEventsWithDetail("SIGN_IN_FAILED", user, "wrong second-factor code"));
    }

    @Test
    void aRecoveryCodeWorksOnceAndItsUseIsShownAtTheNextSignIn() {
        TwoStep.Enrolled enrolled = enrolled(user);
        String code = enrolled.recoveryCodes().get(0);

        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        HttpResponse<String> recovered = twoStep.code(pending, code.toUpperCase());
        assertEquals(302, recovered.statusCode(), recovered.body());
        assertTrue(recovered.headers().firstValue("Location").orElseThrow().endsWith("notice=recovery-sign-in"));
        assertEquals(1, db.auditEventsWithDetail("RECOVERY_CODE_USED", user, "%9 left%"));

        pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        assertTrue(twoStep.code(pending, code).body().contains(FAILED), "a recovery code works once");

        HttpResponse<String> next = twoStep.code(pending, enrolled.app().codeAt(server.now()));
        String location = next.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/account/two-factor.xhtml?notice=recovery-used"), location);
        String page = client.getWithSession(
                        "/account/two-factor.xhtml?notice=recovery-used",
                        sessionCookie(next).orElseThrow().value())
                .body();
        assertTrue(page.contains("A recovery code was used to sign in as you"), page);
        assertTrue(page.contains("Recovery codes left: 9"), page);

        server.advanceClock(STEP);
        pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        HttpResponse<String> after = twoStep.code(pending, enrolled.app().codeAt(server.now()));
        assertEquals(client.base() + "/", after.headers().firstValue("Location").orElseThrow(), "told once");
    }

    @Test
    void anAdministratorWithoutAFactorMustEnrolBeforeAnySessionExists() {
        String admin = TestDatabase.uniqueUsername("ada");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);

        String pending = twoStep.password(admin, PASSWORD, "/login-enrol.xhtml");
        assertEquals(0, db.countSessionsOf(admin));
        assertEquals(302, client.getWithSession("/admin/users.xhtml", pending).statusCode());
        assertEquals(
                302,
                client.get("/login-code.xhtml", "Cookie", TwoStep.PENDING_COOKIE_NAME + "=" + pending)
                        .statusCode(),
                "an enrolment state does not open the code step");

        HttpResponse<String> page = twoStep.enrolmentPage(pending);
        assertTrue(page.body().contains("Your role requires a second step"), page.body());
        Authenticator app = Authenticator.fromPage(page.body());
        assertTrue(twoStep.enrolAtSignIn(pending, "000000x").body().contains(FAILED));
        assertEquals(0, db.countSessionsOf(admin));

        HttpResponse<String> enrolled = twoStep.enrolAtSignIn(pending, app.codeAt(server.now()));
        assertEquals(200, enrolled.statusCode());
        assertEquals(10, TwoStep.recoveryCodes(enrolled.body()).size(), enrolled.body());
        String token = sessionCookie(enrolled).orElseThrow().value();
        assertEquals(200, client.getWithSession("/admin/users.xhtml", token).statusCode());
        assertEquals(1, db.auditEventsWithDetail("SECOND_FACTOR_ENROLLED", admin, "%required for [admin]%"));

        assertTrue(
                twoStep.enrolAtSignIn(pending, app.codeAt(server.now(), 1))
                                .body()
                                .contains(FAILED)
                        || twoStep.enrolmentPage(pending).statusCode() == 302,
                "the pending state was used up");
        assertEquals(1, db.countSessionsOf(admin));
    }

    @Test
    void wrongCodesLockTheAccountLikeWrongPasswordsAndAPasswordDoesNotResetTheCount() {
        Authenticator app = enrolled(user).app();
        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        for (int i = 0; i < 4; i++) {
            twoStep.code(pending, "12345" + i);
        }
        // the right password again, then one more wrong code: the fifth failure locks
        pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        twoStep.code(pending, "999999");
        assertEquals(1, db.auditEvents("ACCOUNT_LOCKED", user, null));

        HttpResponse<String> right = twoStep.code(pending, app.codeAt(server.now()));
        assertTrue(right.body().contains(FAILED)
                || right.statusCode() == 302 && sessionCookie(right).isEmpty());
        assertTrue(sessionCookie(right).isEmpty(), "a locked account gets no session, even with the right code");
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isEmpty(), "nor with the right password");
    }

    @Test
    void parallelSubmissionsOfOneRightCodeMakeOneSession() throws Exception {
        Authenticator app = enrolled(user).app();
        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        String code = app.codeAt(server.now());
        long before = db.countSessionsOf(user);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<HttpResponse<String>>> tries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tries.add(() -> twoStep.code(pending, code));
            }
            int sessions = 0;
            for (Future<HttpResponse<String>> result : pool.invokeAll(tries)) {
                if (sessionCookie(result.get())
                        .filter(c -> !c.value().isEmpty())
                        .isPresent()) {
                    sessions++;
                }
            }
            assertEquals(1, sessions, "one code, one pending state: one session");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, db.countSessionsOf(user));
        assertEquals(
                0,
                db.auditEventsWithDetail("SIGN_IN_FAILED", user, "%second-factor%"),
                () -> db.queryString(
                                "select string_agg(type || ': ' || coalesce(detail, '') || ' @' || occurred_at, ' | '"
                                        + " order by id) from audit_event where subject_name = ?",
                                user)
                        + " -- the losers of the race found the pending state gone: no code checked, no failure counted");
    }

    @Test
    void aPendingStateExpiresAndAForgedOneOpensNothing() {
        Authenticator app = enrolled(user).app();
        assertEquals(
                302,
                client.get("/login-code.xhtml", "Cookie", TwoStep.PENDING_COOKIE_NAME + "=" + "A".repeat(43))
                        .statusCode());
        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        server.advanceClock(Duration.ofMinutes(6));
        assertEquals(302, twoStep.code(pending, app.codeAt(server.now())).statusCode(), "back to the password");
        assertTrue(
                sessionCookie(twoStep.code(pending, app.codeAt(server.now()))).isEmpty());
    }

    @Test
    void sudoModeAsksAgainAfterTheWindowAndThenResumesTheActionOnce() {
        String admin = TestDatabase.uniqueUsername("sudo");
        SignedInAdmin signedIn = enrolledAdmin(admin);
        Authenticator app = signedIn.app();
        String token = signedIn.token();

        String first = TestDatabase.uniqueUsername("new");
        HttpResponse<String> rightAway = createUser(token, first);
        assertEquals(
                200,
                rightAway.statusCode(),
                "a fresh sign-in is recent enough: " + rightAway.headers().firstValue("Location"));
        assertEquals(1, db.queryLong("select count(*) from app_user where username = ?", first));

        server.advanceClock(Duration.ofMinutes(11));
        String second = TestDatabase.uniqueUsername("new");
        HttpResponse<String> refused = createUser(token, second);
        assertEquals(302, refused.statusCode());
        String prompt = refused.headers().firstValue("Location").orElseThrow();
        assertTrue(prompt.startsWith(client.base() + "/confirm.xhtml?held="), prompt);
        assertEquals(0, db.queryLong("select count(*) from app_user where username = ?", second), "nothing done");
        String heldKey = TestClient.cookie(refused, TwoStep.HELD_COOKIE_NAME)
                .orElseThrow()
                .value();
        assertFalse(
                db.queryString("select form from held_request order by created_at desc limit 1")
                        .contains(second),
                "the held form is sealed");
        String confirmPath = prompt.substring(client.base().toString().length());

        HttpResponse<String> wrong =
                twoStep.confirm(token, heldKey, confirmPath, "not my password", app.codeAt(server.now()));
        assertTrue(wrong.body().contains("That did not work"), wrong.body());
        assertEquals(1, db.auditEvents("REAUTHENTICATION_FAILED", admin, admin));
        HttpResponse<String> noCode = twoStep.confirm(token, heldKey, confirmPath, PASSWORD, "");
        assertTrue(noCode.body().contains("That did not work"), "the second factor is asked for too");

        HttpResponse<String> confirmed =
                twoStep.confirm(token, heldKey, confirmPath, PASSWORD, app.codeAt(server.now()));
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        String rotated = sessionCookie(confirmed).orElseThrow().value();
        assertNotEquals(token, rotated, "re-authentication gives the session a new token");
        assertEquals(0, db.queryLong("select count(*) from held_request"), "the held request is taken once");
        assertEquals(1, db.auditEventsWithDetail("REAUTHENTICATED", admin, "password and totp"));

        HttpResponse<String> resumed = twoStep.resume(confirmed.body(), rotated);
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertEquals(1, db.queryLong("select count(*) from app_user where username = ?", second), "resumed");
        assertEquals(
                302,
                twoStep.confirm(rotated, heldKey, confirmPath, PASSWORD, app.codeAt(server.now(), 1))
                        .statusCode(),
                "nothing is held any more: the prompt goes home instead of resubmitting again");
    }

    @Test
    void aRoleThatRequiresAFactorGrantedMidSessionHoldsTheSessionToEnrolment() {
        String token = client.signInForToken(user, PASSWORD);
        long userId = db.queryLong("select id from app_user where username = ?", user);
        db.update("insert into user_role (user_id, role) values (?, 'ADMIN')", userId);
        server.awaitChangesCommittedSoFar();

        for (String page : new String[] {"/index.xhtml", "/admin/users.xhtml", "/account/password.xhtml"}) {
            HttpResponse<String> held = client.getWithSession(page, token);
            assertEquals(302, held.statusCode(), page);
            assertEquals(
                    client.base() + "/account/two-factor.xhtml?notice=required",
                    held.headers().firstValue("Location").orElseThrow(),
                    page);
        }
        assertEquals(403, client.getWithSession("/api/me", token).statusCode());
        assertTrue(client.getWithSession("/account/two-factor.xhtml?notice=required", token)
                .body()
                .contains("Your role requires two-step sign-in"));

        String enrolled = twoStep.enrolFromAccount(token, server).token();
        assertEquals(302, client.getWithSession("/index.xhtml", token).statusCode(), "the held token was rotated");
        assertEquals(200, client.getWithSession("/admin/users.xhtml", enrolled).statusCode(), "enrolled: an admin now");
        assertEquals(
                "TOTP",
                db.queryString(
                        "select second_factor from auth_session s join app_user u on u.id = s.user_id"
                                + " where u.username = ?",
                        user));
    }

    @Test
    void aSessionHeldToEnrolmentOfAUserEnrolledElsewhereConfirmsWithTheCode() {
        String before = client.signInForToken(user, PASSWORD); // a session that never saw a code
        Authenticator app = enrolled(user).app(); // enrolled in another session
        long userId = db.queryLong("select id from app_user where username = ?", user);
        db.update("insert into user_role (user_id, role) values (?, 'ADMIN')", userId);
        server.awaitChangesCommittedSoFar();

        assertEquals(302, client.getWithSession("/admin/users.xhtml", before).statusCode());
        assertTrue(client.getWithSession("/account/two-factor.xhtml?notice=required", before)
                .body()
                .contains("id=\"confirm-factor\""));
        HttpResponse<String> confirmed =
                twoStep.confirm(before, null, "/confirm.xhtml", PASSWORD, app.codeAt(server.now()));
        assertEquals(302, confirmed.statusCode(), confirmed.body());
        String proved = sessionCookie(confirmed).orElseThrow().value();
        assertEquals(200, client.getWithSession("/admin/users.xhtml", proved).statusCode(), "the hold is lifted");
    }

    @Test
    void removingTheFactorTakesItsProofFromEverySessionOfTheUser() {
        Authenticator app = enrolled(user).app();
        String token = sessionCookie(
                        twoStep.code(twoStep.password(user, PASSWORD, "/login-code.xhtml"), app.codeAt(server.now())))
                .orElseThrow()
                .value();
        HttpResponse<String> removed = client.submit("/account/two-factor.xhtml", token, "remove", "submit", Map.of());
        assertTrue(
                removed.body().contains("The authenticator app and your recovery codes are removed"), removed.body());
        assertEquals(
                0,
                db.queryLong(
                        "select count(*) from auth_session s join app_user u on u.id = s.user_id"
                                + " where u.username = ? and s.second_factor is not null",
                        user));

        long userId = db.queryLong("select id from app_user where username = ?", user);
        db.update("insert into user_role (user_id, role) values (?, 'ADMIN')", userId);
        server.awaitChangesCommittedSoFar();
        assertEquals(
                client.base() + "/account/two-factor.xhtml?notice=required",
                client.getWithSession("/admin/users.xhtml", token)
                        .headers()
                        .firstValue("Location")
                        .orElseThrow(),
                "no longer counts as proved: an admin now, it must enrol again");
    }

    @Test
    void aPasswordResetEndsASignInWaitingForItsSecondStep() {
        Authenticator userApp = enrolled(user).app();
        String pending = twoStep.password(user, PASSWORD, "/login-code.xhtml");
        String adminToken = enrolledAdmin(TestDatabase.uniqueUsername("reset")).token();
        long userId = db.queryLong("select id from app_user where username = ?", user);

        HttpResponse<String> reset = client.submit(
                "/admin/user.xhtml?id=" + userId,
                adminToken,
                "password",
                "reset",
                Map.of("newPassword", "another long enough password"));
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals(1, db.auditEvents("PASSWORD_RESET", user, null));

        HttpResponse<String> late = twoStep.code(pending, userApp.codeAt(server.now()));
        assertEquals(302, late.statusCode(), "the pending state went with the old password");
        assertTrue(sessionCookie(late).isEmpty());
    }

    @Test
    void anAdministratorResetsALostFactorAndTheUsersSessionsEnd() {
        Authenticator userApp = enrolled(user).app();
        String userToken = sessionCookie(twoStep.code(
                        twoStep.password(user, PASSWORD, "/login-code.xhtml"), userApp.codeAt(server.now())))
                .orElseThrow()
                .value();
        String admin = TestDatabase.uniqueUsername("root");
        String adminToken = enrolledAdmin(admin).token();
        long userId = db.queryLong("select id from app_user where username = ?", user);

        HttpResponse<String> reset =
                client.submit("/admin/user.xhtml?id=" + userId, adminToken, "factors", "reset", Map.of());
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals(0, db.queryLong("select count(*) from totp_factor where user_id = ?", userId));
        assertEquals(0, db.queryLong("select count(*) from recovery_code where user_id = ?", userId));
        assertEquals(1, db.auditEvents("SECOND_FACTORS_RESET", user, admin));
        assertEquals(
                302, client.getWithSession("/account/sessions.xhtml", userToken).statusCode());
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isPresent(), "the password alone again");
    }

    /** An administrator who enrolled at their first sign-in, as the policy makes them, and is signed in. */
    private SignedInAdmin enrolledAdmin(String admin) {
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        String pending = twoStep.password(admin, PASSWORD, "/login-enrol.xhtml");
        Authenticator app =
                Authenticator.fromPage(twoStep.enrolmentPage(pending).body());
        String token = sessionCookie(twoStep.enrolAtSignIn(pending, app.codeAt(server.now())))
                .orElseThrow()
                .value();
        return new SignedInAdmin(app, token);
    }

    private record SignedInAdmin(Authenticator app, String token) {}

    private HttpResponse<String> createUser(String token, String username) {
        return client.submit(
                "/admin/new-user.xhtml",
                token,
                "newUser",
                "create",
                Map.of("username", username, "displayName", "New Person", "roles", "USER", "password", ""));
    }
}
