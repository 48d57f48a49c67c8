package dev.gatehouse.session;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient.SetCookie;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renewal, expiry, fixation, revocation, the per-user limit and cleanup, on Payara Micro and PostgreSQL.
 * Time moves through the deployment's adjustable clock, never by sleeping.
 */
class SessionLifecycleIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final int CLEANUP_BATCH = GatehouseDeployment.STANDARD_CLEANUP_BATCH;
    private static final Duration IDLE = GatehouseSettings.DEFAULT_IDLE_TIMEOUT;
    private static final Duration RENEWAL = IDLE.dividedBy(GatehouseSettings.DEFAULT_RENEWAL_FRACTION);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private String username;

    @BeforeEach
    void createUser() {
        username = TestDatabase.uniqueUsername("sam");
        db.createUser(username, PASSWORD, Role.USER);
    }

    @Test
    void requestsWithinOneRenewalIntervalWriteNothingAndTheFirstAfterItWritesOnce() {
        String token = client.signInForToken(username, PASSWORD);
        UUID id = db.sessionIdsOf(username).get(0);
        Instant absolute = db.queryInstant("select absolute_expires_at from auth_session where id = ?", id);
        countUpdatesOf(id);
        try {
            for (int i = 0; i < 1000; i++) {
                assertEquals(200, client.getWithSession("/api/me", token).statusCode());
            }
            assertEquals(0, updatesOf(id), "1000 requests inside the renewal interval wrote the row");

            Instant later = server.advanceClock(RENEWAL);
            for (int i = 0; i < 100; i++) {
                assertEquals(200, client.getWithSession("/api/me", token).statusCode());
            }
            assertEquals(1, updatesOf(id), "the first request after the interval renews, the next 99 do not");

            Instant idle = db.queryInstant("select idle_expires_at from auth_session where id = ?", id);
            assertTrue(!idle.isBefore(later.plus(IDLE).minusSeconds(5)), "idle expiry slid forward: " + idle);
            assertEquals(
                    absolute,
                    db.queryInstant("select absolute_expires_at from auth_session where id = ?", id),
                    "the absolute expiry never moves");
        } finally {
            stopCountingUpdates();
        }
    }

    @Test
    void idleSessionIsRejectedDeletedAndTheLoginPageSaysWhy() {
        String token = client.signInForToken(username, PASSWORD);
        server.advanceClock(IDLE.plusSeconds(1));

        HttpResponse<String> page = client.getWithSession("/index.xhtml", token);

        assertEquals(302, page.statusCode());
        String location = page.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/login.xhtml?return=%2Findex.xhtml&reason=ended"), location);
        assertTrue(sessionCookie(page).map(SetCookie::clears).orElse(false));
        assertEquals(0, db.countSessionsOf(username));
        assertTrue(client.get(location.substring(client.base().toString().length()))
                .body()
                .contains("Your session has ended. Please sign in again."));
    }

    @Test
    void activeSessionStillEndsAtItsAbsoluteExpiry() {
        String token = client.signInForToken(username, PASSWORD);
        Duration step = Duration.ofMinutes(20);
        Duration used = Duration.ZERO;
        while (used.plus(step).compareTo(GatehouseSettings.DEFAULT_ABSOLUTE_LIFETIME) < 0) {
            server.advanceClock(step);
            used = used.plus(step);
            assertEquals(200, client.getWithSession("/api/me", token).statusCode(), "still active after " + used);
        }
        server.advanceClock(GatehouseSettings.DEFAULT_ABSOLUTE_LIFETIME.minus(used));

        assertEquals(401, client.getWithSession("/api/me", token).statusCode());
        assertEquals(0, db.countSessionsOf(username));
    }

    @Test
    void signingInWithAnOldCookieEndsThatSessionAndIssuesANewToken() {
        String first = client.signInForToken(username, PASSWORD);

        HttpResponse<String> again = client.signIn(username, PASSWORD, null, first);

        String second = sessionCookie(again).orElseThrow().value();
        assertNotEquals(first, second);
        assertEquals(401, client.getWithSession("/api/me", first).statusCode());
        assertEquals(200, client.getWithSession("/api/me", second).statusCode());
        assertEquals(1, db.countSessionsOf(username));
    }

    @Test
    void passwordChangeEndsOtherSessionsAndRotatesTheCurrentOne() {
        String current = client.signInForToken(username, PASSWORD);
        String other = client.signInForToken(username, PASSWORD);
        String newPassword = "another long enough password";

        HttpResponse<String> changed = client.changePassword(current, PASSWORD, newPassword, true);

        assertEquals(200, changed.statusCode());
        assertTrue(
                changed.body().contains("Your password has been changed. One other session was signed out."),
                changed.body());
        String rotated = sessionCookie(changed).orElseThrow().value();
        assertNotEquals(current, rotated);
        assertEquals(401, client.getWithSession("/api/me", current).statusCode(), "old token of this browser");
        assertEquals(401, client.getWithSession("/api/me", other).statusCode(), "the other browser");
        assertEquals(200, client.getWithSession("/api/me", rotated).statusCode());
        assertEquals(1, db.countSessionsOf(username));
        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isEmpty(), "old password refused");
        assertTrue(sessionCookie(client.signIn(username, newPassword, null)).isPresent(), "new password works");
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndAGoodNewOne() {
        String token = client.signInForToken(username, PASSWORD);

        HttpResponse<String> wrongCurrent =
                client.changePassword(token, "not my password", "a fine new password", true);
        HttpResponse<String> tooShort = client.changePassword(token, PASSWORD, "short", true);

        assertTrue(wrongCurrent.body().contains("Your current password was not right."), wrongCurrent.body());
        assertTrue(tooShort.body().contains("That password is too short."), tooShort.body());
        assertEquals(200, client.getWithSession("/api/me", token).statusCode(), "nothing changed, still signed in");
        assertTrue(sessionCookie(client.signIn(username, PASSWORD, null)).isPresent(), "password unchanged");
    }

    @Test
    void aRoleRemovedBySqlCountsAsSoonAsTheNodeHasHeardOfIt() {
        String admin = TestDatabase.uniqueUsername("ann");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        String token = client.signInForToken(admin, PASSWORD);
        assertTrue(client.getWithSession("/api/me", token).body().contains("\"roles\":[\"admin\",\"user\"]"));

        // an operator's SQL, not the application: the database's own trigger tells every node (migration V5)
        db.update(
                "delete from user_role where role = 'ADMIN' and user_id = (select id from app_user where username = ?)",
                admin);
        server.awaitChangesCommittedSoFar();

        assertTrue(client.getWithSession("/api/me", token).body().contains("\"roles\":[\"user\"]"));
    }

    @Test
    void disablingAUserEndsTheirSessionsOnTheVeryNextRequest() {
        String token = client.signInForToken(username, PASSWORD);

        db.update("update app_user set enabled = false where username = ?", username);

        assertEquals(401, client.getWithSession("/api/me", token).statusCode());
        assertEquals(0, db.countSessionsOf(username));
    }

    @Test
    void cleanupRemovesOnlyExpiredRowsInBatchesWhileSignInsGoOn() {
        String bulk = TestDatabase.uniqueUsername("bulk");
        long userId = db.createUser(bulk, PASSWORD, Role.USER);
        Instant now = server.now();
        insertSessions(userId, 100_000, now.minus(Duration.ofHours(13)), now.minusSeconds(1));
        insertSessions(userId, 500, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(25)));
        CompletableFuture<TestServer.CleanupRun> cleanup = CompletableFuture.supplyAsync(server::runCleanup);

        HttpResponse<String> signIn = client.signIn(TestDatabase.uniqueUsername("nobody"), PASSWORD, null);
        String token = client.signInForToken(username, PASSWORD);
        boolean overlapped = !cleanup.isDone();
        TestServer.CleanupRun run = cleanup.join();

        assertTrue(overlapped, "the sign-ins finished while the cleanup was still running (" + run.millis() + " ms)");
        assertEquals(200, signIn.statusCode());
        assertEquals(200, client.getWithSession("/api/me", token).statusCode());
        assertEquals(100_000, run.removed());
        assertEquals(100_000 / CLEANUP_BATCH + 1, run.batches(), "full batches, then one that found nothing left");
        assertEquals(
                0,
                db.queryLong(
                        "select count(*) from auth_session where user_id = ? and idle_expires_at <= ?",
                        userId,
                        Timestamp.from(now)));
        assertEquals(500, db.countSessionsOf(bulk), "the 500 live rows remain");
        assertEquals(1, db.countSessionsOf(username));
    }

    private void insertSessions(long userId, int count, Instant createdAt, Instant idleExpiresAt) {
        db.update(
                """
                insert into auth_session (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at,
                                          absolute_expires_at, client_ip, user_agent, password_proved_at)
                select gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), ?, ?, ?, ?, ?,
                       '127.0.0.1', 'bulk test row', ?
                  from generate_series(1, ?)""",
                userId,
                Timestamp.from(createdAt),
                Timestamp.from(createdAt),
                Timestamp.from(idleExpiresAt),
                Timestamp.from(createdAt.plus(Duration.ofHours(12))),
                Timestamp.from(createdAt),
                count);
    }

    /** Counts real UPDATE statements on auth_session rows with a trigger: exact, and immediate. */
    private void countUpdatesOf(UUID sessionId) {
        db.execute("create table if not exists it_session_updates (session_id uuid not null)");
        db.execute("""
                create or replace function it_count_session_update() returns trigger language plpgsql as $$
                begin insert into it_session_updates values (new.id); return new; end $$""");
        db.execute("drop trigger if exists it_count_session_update on auth_session");
        db.execute("""
                create trigger it_count_session_update after update on auth_session
                for each row execute function it_count_session_update()""");
        db.update("delete from it_session_updates where session_id = ?", sessionId);
    }

    private long updatesOf(UUID sessionId) {
        return db.queryLong("select count(*) from it_session_updates where session_id = ?", sessionId);
    }

    private void stopCountingUpdates() {
        db.execute("drop trigger if exists it_count_session_update on auth_session");
        db.execute("drop table if exists it_session_updates");
    }
}
