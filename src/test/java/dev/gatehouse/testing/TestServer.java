package dev.gatehouse.testing;

import dev.gatehouse.testing.server.TestSupportServlet;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Drives the test-only controls every test deployment has (see {@code GatehouseDeployment}). */
public final class TestServer {

    private final TestClient client;

    public TestServer(TestClient client) {
        this.client = client;
    }

    /** The application's current time (system time plus whatever tests advanced it by). */
    public Instant now() {
        return Instant.parse(ok(client.get(TestSupportServlet.PATH + "clock")).body());
    }

    /** Moves the application's clock forward. */
    public Instant advanceClock(Duration by) {
        return Instant.parse(ok(client.postForm(
                        TestSupportServlet.PATH + "clock",
                        Map.of("advanceSeconds", Long.toString(by.toSeconds())),
                        "Origin",
                        client.origin()))
                .body());
    }

    /** Sets the application's clock back to the system time. */
    public Instant resetClock() {
        return Instant.parse(
                ok(client.postForm(TestSupportServlet.PATH + "clock-reset", Map.of(), "Origin", client.origin()))
                        .body());
    }

    /**
     * One run of the session cleanup, as the scheduler would start it. A run over a large backlog takes as long
     * as this machine's disk needs for its many small commits, so the answer is awaited for up to ten minutes.
     */
    public CleanupRun runCleanup() {
        String[] parts = ok(client.withTimeout(Duration.ofMinutes(10))
                        .postForm(TestSupportServlet.PATH + "cleanup", Map.of(), "Origin", client.origin()))
                .body()
                .split(" ");
        return new CleanupRun(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    }

    /** Whether this node would serve the token's session from its outage cache. */
    public boolean wouldServeDuringOutage(String token) {
        return Boolean.parseBoolean(ok(client.get(TestSupportServlet.PATH + "outage-cache?token=" + token))
                .body());
    }

    /** The server process of this node's LISTEN connection, or {@code "none"} while it is not listening. */
    public String listener() {
        return ok(client.get(TestSupportServlet.PATH + "listener")).body().split(" ")[0];
    }

    /** How many rounds this node's change listener has finished (see {@code SessionChangeListener.rounds}). */
    public long listenerRounds() {
        return Long.parseLong(
                ok(client.get(TestSupportServlet.PATH + "listener")).body().split(" ")[1]);
    }

    /**
     * Waits (polling, at most 10 s) until this node's listener has finished three more rounds than now, so that
     * whole rounds began after anything committed before this call: its notifications have been applied here.
     */
    public void awaitChangesCommittedSoFar() {
        long target = listenerRounds() + 3;
        Poll.until(
                this::listenerRounds,
                rounds -> rounds >= target,
                Duration.ofSeconds(10),
                "the change listener finished three rounds");
    }

    /**
     * One round of the directory recheck, as the scheduler would start it.
     *
     * @return how many users got each answer (keys: {@code DirectorySync.Recheck} names) and, under
     *     {@code "unavailable"}, 1 if the directory stopped answering
     */
    public Map<String, Integer> recheckDirectory() {
        Map<String, Integer> answers = new java.util.HashMap<>();
        for (String part : ok(client.postForm(
                        TestSupportServlet.PATH + "directory-recheck", Map.of(), "Origin", client.origin()))
                .body()
                .split(" ")) {
            String[] pair = part.split("=");
            answers.put(pair[0], pair[1].equals("true") ? 1 : pair[1].equals("false") ? 0 : Integer.parseInt(pair[1]));
        }
        return answers;
    }

    public record CleanupRun(long removed, int batches, long millis) {}

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("Test support answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
