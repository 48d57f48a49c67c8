package dev.gatehouse.session;

import static dev.gatehouse.testing.TestClient.sessionCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.PostgresServer;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stops the real PostgreSQL server under a running node: recently validated users keep working for the outage
 * grace, everything that must write gets a quick 503, and when the server is back everything recovers by
 * itself, with sign-outs from before the outage still in force.
 * The extension starts PostgreSQL again after the test, whatever failed.
 */
@ExtendWith(PostgresServer.class)
class DatabaseOutageIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    @Test
    void signedInUsersRideOutAnOutageAndEverythingRecoversAfterIt() throws Exception {
        TestClient client = new TestClient(deploymentUrl);
        TestServer server = new TestServer(client);
        String user = TestDatabase.uniqueUsername("otto");
        String admin = TestDatabase.uniqueUsername("opal");
        TestDatabase setup =
                TestDatabase.connect(); // its connection will not survive the outage; a new one checks after
        setup.createUser(user, PASSWORD, Role.USER);
        setup.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        String active = client.signInForToken(user, PASSWORD);
        String adminToken = client.signInForToken(admin, PASSWORD);
        String signedOut = client.signInForToken(user, PASSWORD);
        assertEquals(200, client.getWithSession("/api/me", active).statusCode());
        assertEquals(200, client.getWithSession("/api/me", adminToken).statusCode());
        assertEquals(200, client.getWithSession("/api/me", signedOut).statusCode());
        client.signOut(signedOut);
        String neverUsed = client.signInForToken(user, PASSWORD);

        PostgresServer.stop();
        try {
            assertEquals(200, client.getWithSession("/api/me", active).statusCode(), "validated before: keeps working");
            HttpResponse<String> page = client.getWithSession("/index.xhtml", active);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(user));

            assertNotEquals(
                    200, client.getWithSession("/api/me", signedOut).statusCode(), "signed out before the outage");
            assertEquals(503, client.getWithSession("/api/me", neverUsed).statusCode(), "unknown to this node: 503");

            HttpResponse<String> signIn = client.signIn(user, PASSWORD, null);
            assertEquals(503, signIn.statusCode());
            assertTrue(signIn.body().contains("temporarily unavailable"), signIn.body());
            assertFalse(signIn.body().contains("Exception"));
            assertTrue(sessionCookie(signIn).isEmpty());

            HttpResponse<String> signOut = client.signOut(active);
            assertEquals(503, signOut.statusCode(), "sign-out needs the database");
            HttpResponse<String> adminAction =
                    client.submit("/admin/end-sessions.xhtml?scope=others", adminToken, "confirm", "submit", Map.of());
            assertEquals(503, adminAction.statusCode());

            assertEquals(503, client.get("/health/ready").statusCode(), "not ready without the database");
            assertEquals(200, client.get("/health/live").statusCode(), "but alive");

            server.advanceClock(GatehouseSettings.DEFAULT_OUTAGE_GRACE.plusSeconds(1));
            assertEquals(503, client.getWithSession("/api/me", active).statusCode(), "the grace is bounded");
        } finally {
            PostgresServer.start();
        }

        waitUntilReady(client);
        assertEquals(200, client.getWithSession("/api/me", active).statusCode(), "recovered without a restart");
        assertEquals(401, client.getWithSession("/api/me", signedOut).statusCode(), "the sign-out is still in force");
        assertTrue(sessionCookie(client.signIn(user, PASSWORD, null)).isPresent(), "sign-in works again");
        try (TestDatabase db = TestDatabase.connect()) {
            assertEquals(3, db.countSessionsOf(user), "active, never-used and the new one; nothing half-written");
            db.update("delete from app_user where username in (?, ?)", user, admin);
        }
    }

    /** Polls readiness (which asks the database) until it is up again, for at most a minute. */
    private static void waitUntilReady(TestClient client) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (client.get("/health/ready").statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not ready a minute after PostgreSQL came back");
            }
            Thread.sleep(200); // polling a condition with a deadline, not waiting for a guessed time
        }
    }
}
