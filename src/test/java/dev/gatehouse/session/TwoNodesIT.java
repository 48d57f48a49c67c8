package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Authenticator;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.PayaraNode;
import dev.gatehouse.testing.Poll;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.testing.TwoStep;
import dev.gatehouse.user.Role;
import dev.gatehouse.web.CsrfTokens;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two Payara Micro nodes on one PostgreSQL, no sticky sessions: whatever one node does, the other sees. */
class TwoNodesIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static PayaraNode nodeB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    @BeforeAll
    static void startSecondNode() {
        nodeB = PayaraNode.start(GatehouseDeployment.standard(), "node-b");
    }

    @AfterAll
    static void stopSecondNode() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private TestClient a;
    private TestClient b;
    private String user;
    private String admin;

    @BeforeEach
    void createUsers() {
        a = client;
        b = new TestClient(nodeB.url());
        user = TestDatabase.uniqueUsername("nick");
        admin = TestDatabase.uniqueUsername("nora");
        db.createUser(user, PASSWORD, Role.USER);
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
    }

    @Test
    void aSecondFactorCodeAcceptedOnOneNodeIsRefusedOnTheOther() {
        TestServer serverB = new TestServer(b);
        serverB.resetClock();
        try {
            secondFactorCodeIsSingleUseAcrossNodes(serverB);
        } finally {
            serverB.resetClock();
        }
    }

    private void secondFactorCodeIsSingleUseAcrossNodes(TestServer serverB) {
        Authenticator app = new TwoStep(a)
                .enrolFromAccount(a.signInForToken(user, PASSWORD), server)
                .app();
        Instant next = server.advanceClock(Duration.ofSeconds(30));
        serverB.advanceClock(Duration.ofSeconds(30));
        String code = app.codeAt(next);

        TwoStep onA = new TwoStep(a);
        assertEquals(
                302,
                onA.code(onA.password(user, PASSWORD, "/login-code.xhtml"), code)
                        .statusCode());

        TwoStep onB = new TwoStep(b);
        String pending = onB.password(user, PASSWORD, "/login-code.xhtml");
        HttpResponse<String> replayed = onB.code(pending, code);
        assertTrue(TestClient.sessionCookie(replayed).isEmpty(), "node B refuses the code node A accepted");
        assertTrue(replayed.body().contains("That code was not accepted"), replayed.body());
        HttpResponse<String> fresh = onB.code(pending, app.codeAt(next, 1));
        assertTrue(TestClient.sessionCookie(fresh).isPresent(), "node B opens the secret: same key, fresh code");
    }

    @Test
    void aSessionFromOneNodeWorksOnTheOtherAndASignOutOnEitherEndsItEverywhere() {
        String token = a.signInForToken(user, PASSWORD);

        assertEquals(200, b.getWithSession("/api/me", token).statusCode());
        assertEquals(200, b.getWithSession("/index.xhtml", token).statusCode(), "Faces pages too: no sticky sessions");

        b.signOut(token);
        assertEquals(401, a.getWithSession("/api/me", token).statusCode(), "revoked on B, refused on A at once");
    }

    @Test
    void aFormRenderedByOneNodeCanBePostedToTheOther() {
        String token = a.signInForToken(user, PASSWORD);
        String page = a.getWithSession("/account/password.xhtml", token).body();

        var posted = b.postForm(
                "/account/password.xhtml",
                Map.of(
                        "password",
                        "password",
                        "password:current",
                        PASSWORD,
                        "password:new",
                        "a different good password",
                        "password:confirmation",
                        "a different good password",
                        "password:submit",
                        "x",
                        "jakarta.faces.ViewState",
                        TestClient.viewState(page),
                        CsrfTokens.FIELD,
                        TestClient.csrfToken(page)),
                "Cookie",
                TestClient.COOKIE_NAME + "=" + token);

        assertEquals(200, posted.statusCode());
        assertTrue(posted.body().contains("Your password has been changed."), posted.body());
    }

    @Test
    void aRoleChangeOnOneNodeCountsOnTheOtherAtTheNextRequest() {
        String userToken = b.signInForToken(user, PASSWORD);
        String adminToken = a.signInForToken(admin, PASSWORD);
        long userId = db.queryLong("select id from app_user where username = ?", user);
        assertEquals(403, b.getWithSession("/admin/users.xhtml", userToken).statusCode());

        a.submit(
                "/admin/user.xhtml?id=" + userId,
                adminToken,
                "profile",
                "save",
                Map.of("displayName", "Nick", "roles", "ADMIN"));
        new TestServer(b).awaitChangesCommittedSoFar(); // B caches sessions: the change counts once B heard of it

        assertEquals(200, b.getWithSession("/admin/users.xhtml", userToken).statusCode());
    }

    @Test
    void aRevocationOnOneNodeEmptiesTheOtherNodesOutageCacheWithinASecond() throws InterruptedException {
        String token = a.signInForToken(user, PASSWORD);
        String adminToken = a.signInForToken(admin, PASSWORD);
        assertEquals(200, b.getWithSession("/api/me", token).statusCode());
        TestServer serverB = new TestServer(b);
        assertTrue(serverB.wouldServeDuringOutage(token), "B remembers the session it validated");
        String sessionId = db.queryUuid(
                        "select id from auth_session where token_hash = sha256(convert_to(?, 'UTF8'))", token)
                .toString();

        a.submit("/admin/end-sessions.xhtml?session=" + sessionId, adminToken, "confirm", "submit", Map.of());
        Instant revoked = Instant.now();

        while (serverB.wouldServeDuringOutage(token)) {
            assertTrue(
                    Duration.between(revoked, Instant.now()).toMillis() < 1000,
                    "B still remembered the revoked session after a second");
            Thread.sleep(20); // polling the condition; the assertion bounds it
        }
        assertFalse(serverB.wouldServeDuringOutage(token));
    }

    @Test
    void cleanupOnBothNodesAtOnceRemovesEachExpiredRowOnceWithoutErrors() {
        String bulk = TestDatabase.uniqueUsername("bulk");
        long bulkId = db.createUser(bulk, PASSWORD, Role.USER);
        Instant now = new TestServer(a).now();
        db.update(
                """
                insert into auth_session (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at,
                                          absolute_expires_at, client_ip, user_agent, password_proved_at)
                select gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), ?, ?, ?, ?, ?, '127.0.0.1', 'bulk',
                       ?
                  from generate_series(1, 50000)""",
                bulkId,
                Timestamp.from(now.minus(Duration.ofHours(13))),
                Timestamp.from(now.minus(Duration.ofHours(13))),
                Timestamp.from(now.minusSeconds(60)),
                Timestamp.from(now.minus(Duration.ofHours(1))),
                Timestamp.from(now.minus(Duration.ofHours(13))));
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<TestServer.CleanupRun> onA =
                    CompletableFuture.supplyAsync(() -> new TestServer(a).runCleanup(), both);
            CompletableFuture<TestServer.CleanupRun> onB =
                    CompletableFuture.supplyAsync(() -> new TestServer(b).runCleanup(), both);

            long removed = onA.join().removed() + onB.join().removed();

            assertTrue(removed >= 50_000, "every expired row removed exactly once between them: " + removed);
            assertEquals(0, db.countSessionsOf(bulk));
        } finally {
            both.shutdown();
        }
    }

    @Test
    void aRevocationADisableAndARoleChangeOnOneNodeCountOnTheOtherOnceItsListenerHasHeardOfThem() {
        assertEverythingNodeAChangesCountsOnNodeBAtOnce();
    }

    @Test
    void withItsListenerCutTheOtherNodeReadsTheDatabaseAndStillSeesEveryChange() {
        TestServer serverB = new TestServer(b);
        String listener = awaitListener(serverB, pid -> !pid.equals("none"));
        assertEquals(
                1,
                db.queryLong(
                        "select count(*) from pg_terminate_backend(?) where pg_terminate_backend",
                        Integer.parseInt(listener)),
                "listener cut");
        // B notices when its LISTEN connection drops, before it reconnects; either way it must not serve from
        // memory what it may not have heard about
        awaitListener(serverB, pid -> !pid.equals(listener));

        assertEverythingNodeAChangesCountsOnNodeBAtOnce();
    }

    /**
     * B validates (and so caches) three sessions; A ends one, disables the user of the second and makes the user
     * of the third an admin; once B's listener has finished a round that began after the change committed (the
     * notification is then applied; how long that takes is measured by bench/run.sh), B's next request for each
     * sees the change. A B whose listener is down reads the database and sees it at once.
     */
    private void assertEverythingNodeAChangesCountsOnNodeBAtOnce() {
        TestServer serverB = new TestServer(b);
        String revokedUser = TestDatabase.uniqueUsername("rita");
        String disabledUser = TestDatabase.uniqueUsername("dina");
        long revokedId = db.createUser(revokedUser, PASSWORD, Role.USER);
        long disabledId = db.createUser(disabledUser, PASSWORD, Role.USER);
        long promotedId = db.queryLong("select id from app_user where username = ?", user);
        String revoked = a.signInForToken(revokedUser, PASSWORD);
        String disabled = a.signInForToken(disabledUser, PASSWORD);
        String promoted = a.signInForToken(user, PASSWORD);
        String adminToken = a.signInForToken(admin, PASSWORD);
        for (String token : List.of(revoked, disabled, promoted)) {
            assertEquals(200, b.getWithSession("/api/me", token).statusCode());
            assertEquals(
                    200, b.getWithSession("/api/me", token).statusCode(), "served again, from B's cache if trusted");
        }
        assertEquals(403, b.getWithSession("/admin/users.xhtml", promoted).statusCode());

        String revokedSession = db.queryUuid("select id from auth_session where user_id = ?", revokedId)
                .toString();
        a.submit("/admin/end-sessions.xhtml?session=" + revokedSession, adminToken, "confirm", "submit", Map.of());
        serverB.awaitChangesCommittedSoFar();
        assertEquals(401, b.getWithSession("/api/me", revoked).statusCode(), "ended on A");

        a.submit("/admin/user.xhtml?id=" + disabledId, adminToken, "access", "disable", Map.of());
        serverB.awaitChangesCommittedSoFar();
        assertEquals(401, b.getWithSession("/api/me", disabled).statusCode(), "disabled on A");

        a.submit(
                "/admin/user.xhtml?id=" + promotedId,
                adminToken,
                "profile",
                "save",
                Map.of("displayName", "Nick", "roles", "ADMIN"));
        serverB.awaitChangesCommittedSoFar();
        assertEquals(200, b.getWithSession("/admin/users.xhtml", promoted).statusCode(), "made an admin on A");
    }

    /** Polls B's listener (its LISTEN connection's server process, or "none") until {@code done}, for at most 10 s. */
    private static String awaitListener(TestServer node, java.util.function.Predicate<String> done) {
        return Poll.until(node::listener, done, Duration.ofSeconds(10), "the listener changed as expected");
    }
}
