package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private static final byte[] TOKEN_HASH = SessionToken.digest(SessionToken.generate());

    private SessionCache cacheAt(Instant now) {
        SessionCache cache = new SessionCache();
        cache.settings = GatehouseSettings.defaults();
        cache.clock = Clock.fixed(now, ZoneOffset.UTC);
        cache.create();
        return cache;
    }

    private static ValidSession session(Duration idleLeft, Duration absoluteLeft) {
        return new ValidSession(
                UUID.randomUUID(),
                7,
                "alice",
                "Alice",
                Set.of(Role.USER),
                NOW.minusSeconds(60),
                NOW.plus(idleLeft),
                NOW.plus(absoluteLeft),
                Optional.empty());
    }

    @Test
    void aRecentlyValidatedSessionIsServedWithinTheGrace() {
        SessionCache cache = cacheAt(NOW);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        remember(cache, TOKEN_HASH, session);

        assertEquals(Optional.of(session), cache.recall(TOKEN_HASH));
    }

    @Test
    void aSessionPastItsIdleExpiryIsNotServedEvenWithinTheGrace() {
        SessionCache cache = cacheAt(NOW);
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(2), Duration.ofHours(12)));

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(3)), ZoneOffset.UTC);

        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "idle expiry passed during the outage");
    }

    @Test
    void nothingIsServedPastTheGraceOrTheAbsoluteExpiry() {
        SessionCache cache = cacheAt(NOW);
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofMinutes(4)));

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(4)), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "absolute expiry");

        SessionCache other = cacheAt(NOW);
        remember(other, TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));
        other.clock =
                Clock.fixed(NOW.plus(GatehouseSettings.DEFAULT_OUTAGE_GRACE).plusSeconds(1), ZoneOffset.UTC);
        assertTrue(other.recall(TOKEN_HASH).isEmpty(), "grace");
    }

    @Test
    void theGraceEndsExactlyWhenItIsUp() {
        SessionCache cache = cacheAt(NOW);
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));
        Duration grace = GatehouseSettings.DEFAULT_OUTAGE_GRACE;

        cache.clock = Clock.fixed(NOW.plus(grace).minusSeconds(1), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isPresent(), "one second before the grace is up");

        cache.clock = Clock.fixed(NOW.plus(grace), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "the grace is up");
    }

    @Test
    void eachValidationStartsTheGraceAgain() {
        SessionCache cache = cacheAt(NOW);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        remember(cache, TOKEN_HASH, session);
        Instant validatedAgain = NOW.plus(Duration.ofMinutes(4));
        cache.clock = Clock.fixed(validatedAgain, ZoneOffset.UTC);
        remember(cache, TOKEN_HASH, session);

        cache.clock =
                Clock.fixed(NOW.plus(GatehouseSettings.DEFAULT_OUTAGE_GRACE).plusSeconds(1), ZoneOffset.UTC);

        assertEquals(Optional.of(session), cache.recall(TOKEN_HASH), "within the grace of the second validation");
    }

    @Test
    void aSessionStopsBeingServedTheMomentItsIdleExpiryIsReachedDuringAnOutage() {
        SessionCache cache = cacheAt(NOW);
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(2), Duration.ofHours(12)));

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(2)).minusSeconds(1), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isPresent(), "one second before the idle expiry");

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "nothing renews a session while the database is away");
    }

    @Test
    void anUnknownTokenIsNotServed() {
        SessionCache cache = cacheAt(NOW);
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));

        assertTrue(cache.recall(SessionToken.digest(SessionToken.generate())).isEmpty());
    }

    @Test
    void forgettingATokenEvictsThatTokenOnly() {
        SessionCache cache = cacheAt(NOW);
        byte[] other = SessionToken.digest(SessionToken.generate());
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));
        remember(cache, other, session(Duration.ofMinutes(30), Duration.ofHours(12)));

        cache.forgetToken(TOKEN_HASH.clone());

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(other).isPresent());
    }

    @Test
    void forgettingASessionEvictsEveryTokenThatNamesItAndNoOtherSession() {
        SessionCache cache = cacheAt(NOW);
        UUID ended = UUID.randomUUID();
        byte[] rotated = SessionToken.digest(SessionToken.generate());
        byte[] otherSession = SessionToken.digest(SessionToken.generate());
        remember(cache, TOKEN_HASH, sessionOf(ended, 7));
        remember(cache, rotated, sessionOf(ended, 7));
        remember(cache, otherSession, sessionOf(UUID.randomUUID(), 7));

        cache.forgetSession(ended);

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(rotated).isEmpty());
        assertTrue(cache.recall(otherSession).isPresent(), "the same user's other session");
    }

    @Test
    void forgettingAUserEvictsAllTheirSessionsAndNobodyElses() {
        SessionCache cache = cacheAt(NOW);
        byte[] secondOfUser = SessionToken.digest(SessionToken.generate());
        byte[] otherUser = SessionToken.digest(SessionToken.generate());
        remember(cache, TOKEN_HASH, sessionOf(UUID.randomUUID(), 7));
        remember(cache, secondOfUser, sessionOf(UUID.randomUUID(), 7));
        remember(cache, otherUser, sessionOf(UUID.randomUUID(), 8));

        cache.forgetUser(7);

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(secondOfUser).isEmpty());
        assertTrue(cache.recall(otherUser).isPresent());
    }

    @Test
    void forgettingEverythingFlushesTheCache() {
        SessionCache cache = cacheAt(NOW);
        byte[] otherUser = SessionToken.digest(SessionToken.generate());
        remember(cache, TOKEN_HASH, sessionOf(UUID.randomUUID(), 7));
        remember(cache, otherUser, sessionOf(UUID.randomUUID(), 8));

        cache.forgetAll();

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(otherUser).isEmpty());
    }

    /** A live session of user {@code userId}, validated a minute before {@link #NOW}. */
    static ValidSession sessionOf(UUID sessionId, long userId) {
        return new ValidSession(
                sessionId,
                userId,
                "user" + userId,
                "User " + userId,
                Set.of(Role.USER),
                NOW.minusSeconds(60),
                NOW.plus(Duration.ofMinutes(30)),
                NOW.plus(Duration.ofHours(12)),
                Optional.empty());
    }

    /** Remembers {@code session} as read from a row last written when it was created. */
    static void remember(SessionCache cache, byte[] tokenHash, ValidSession session) {
        cache.remember(tokenHash, session, session.createdAt(), cache.generation());
    }

    /** A cache whose listener is up and checked in at monotonic time 0; {@code nanos[0]} is "now" for it. */
    private SessionCache coherentCacheAt(Instant now, long[] nanos) {
        SessionCache cache = cacheAt(now);
        cache.nanoTime = () -> nanos[0];
        cache.listening();
        return cache;
    }

    @Test
    void whileTheListenerIsHealthyARememberedSessionIsAHit() {
        long[] nanos = {0};
        SessionCache cache = coherentCacheAt(NOW, nanos);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        remember(cache, TOKEN_HASH, session);

        assertEquals(Optional.of(session), cache.hit(TOKEN_HASH));
        assertEquals(Optional.empty(), cache.hit(SessionToken.digest(SessionToken.generate())), "never seen");
    }

    @Test
    void withoutAListenerThereAreNoHitsButTheOutageGraceStillHolds() {
        SessionCache cache = cacheAt(NOW);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        remember(cache, TOKEN_HASH, session);

        assertEquals(Optional.empty(), cache.hit(TOKEN_HASH), "never listened");
        assertEquals(Optional.of(session), cache.recall(TOKEN_HASH));

        long[] nanos = {0};
        SessionCache listened = coherentCacheAt(NOW, nanos);
        remember(listened, TOKEN_HASH, session);
        listened.notListening();
        assertEquals(Optional.empty(), listened.hit(TOKEN_HASH), "listener lost");
        assertEquals(Optional.of(session), listened.recall(TOKEN_HASH));
    }

    @Test
    void aStaleHeartbeatStopsHitsUntilTheListenerChecksInAgain() {
        long[] nanos = {0};
        SessionCache cache = coherentCacheAt(NOW, nanos);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        remember(cache, TOKEN_HASH, session);

        nanos[0] = SessionCache.HEARTBEAT_FRESHNESS.toNanos() - 1;
        assertEquals(Optional.of(session), cache.hit(TOKEN_HASH));
        nanos[0] = SessionCache.HEARTBEAT_FRESHNESS.toNanos();
        assertEquals(Optional.empty(), cache.hit(TOKEN_HASH), "no word from the listener for too long");
        cache.heartbeat(nanos[0]);
        assertEquals(Optional.of(session), cache.hit(TOKEN_HASH));
    }

    @Test
    void startingToListenEmptiesTheCacheSinceChangesMayHaveBeenMissed() {
        long[] nanos = {0};
        SessionCache cache = cacheAt(NOW);
        cache.nanoTime = () -> nanos[0];
        remember(cache, TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));

        cache.listening();

        assertEquals(Optional.empty(), cache.hit(TOKEN_HASH));
        assertEquals(Optional.empty(), cache.recall(TOKEN_HASH));
    }

    @Test
    void aHitNeedsTheRowOnceItIsDueForRenewalOrExpired() {
        long[] nanos = {0};
        Duration renewal = GatehouseSettings.defaults().renewalInterval();
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12)); // row written NOW - 60 s
        Instant due = session.createdAt().plus(renewal);

        SessionCache beforeDue = coherentCacheAt(due.minusSeconds(1), nanos);
        remember(beforeDue, TOKEN_HASH, session);
        assertEquals(Optional.of(session), beforeDue.hit(TOKEN_HASH));

        SessionCache atDue = coherentCacheAt(due, nanos);
        remember(atDue, TOKEN_HASH, session);
        assertEquals(Optional.empty(), atDue.hit(TOKEN_HASH), "due for renewal: the database renews it");

        ValidSession idleSoon = session(Duration.ofSeconds(30), Duration.ofHours(12));
        SessionCache idle = coherentCacheAt(NOW.plusSeconds(30), nanos);
        remember(idle, TOKEN_HASH, idleSoon);
        assertEquals(Optional.empty(), idle.hit(TOKEN_HASH), "idle expiry reached");

        ValidSession endsSoon = session(Duration.ofMinutes(30), Duration.ofSeconds(30));
        SessionCache absolute = coherentCacheAt(NOW.plusSeconds(30), nanos);
        remember(absolute, TOKEN_HASH, endsSoon);
        assertEquals(Optional.empty(), absolute.hit(TOKEN_HASH), "absolute expiry reached");
    }

    @Test
    void aRowReadBeforeAnEvictionIsNotRemembered() {
        long[] nanos = {0};
        SessionCache cache = coherentCacheAt(NOW, nanos);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));

        long beforeRead = cache.generation();
        cache.forgetUser(session.userId()); // the user was disabled on another node while the row was being read
        cache.remember(TOKEN_HASH, session, session.createdAt(), beforeRead);

        assertEquals(Optional.empty(), cache.hit(TOKEN_HASH));
        assertEquals(Optional.empty(), cache.recall(TOKEN_HASH));

        cache.remember(TOKEN_HASH, session, session.createdAt(), cache.generation());
        assertEquals(Optional.of(session), cache.hit(TOKEN_HASH), "a read after the eviction is remembered");
    }
}
