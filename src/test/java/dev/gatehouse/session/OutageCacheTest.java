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

class OutageCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private static final byte[] TOKEN_HASH = SessionToken.digest(SessionToken.generate());

    private OutageCache cacheAt(Instant now) {
        OutageCache cache = new OutageCache();
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
                NOW.plus(absoluteLeft));
    }

    @Test
    void aRecentlyValidatedSessionIsServedWithinTheGrace() {
        OutageCache cache = cacheAt(NOW);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        cache.remember(TOKEN_HASH, session);

        assertEquals(Optional.of(session), cache.recall(TOKEN_HASH));
    }

    @Test
    void aSessionPastItsIdleExpiryIsNotServedEvenWithinTheGrace() {
        OutageCache cache = cacheAt(NOW);
        cache.remember(TOKEN_HASH, session(Duration.ofMinutes(2), Duration.ofHours(12)));

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(3)), ZoneOffset.UTC);

        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "idle expiry passed during the outage");
    }

    @Test
    void nothingIsServedPastTheGraceOrTheAbsoluteExpiry() {
        OutageCache cache = cacheAt(NOW);
        cache.remember(TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofMinutes(4)));

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(4)), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "absolute expiry");

        OutageCache other = cacheAt(NOW);
        other.remember(TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));
        other.clock =
                Clock.fixed(NOW.plus(GatehouseSettings.DEFAULT_OUTAGE_GRACE).plusSeconds(1), ZoneOffset.UTC);
        assertTrue(other.recall(TOKEN_HASH).isEmpty(), "grace");
    }

    @Test
    void theGraceEndsExactlyWhenItIsUp() {
        OutageCache cache = cacheAt(NOW);
        cache.remember(TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));
        Duration grace = GatehouseSettings.DEFAULT_OUTAGE_GRACE;

        cache.clock = Clock.fixed(NOW.plus(grace).minusSeconds(1), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isPresent(), "one second before the grace is up");

        cache.clock = Clock.fixed(NOW.plus(grace), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "the grace is up");
    }

    @Test
    void eachValidationStartsTheGraceAgain() {
        OutageCache cache = cacheAt(NOW);
        ValidSession session = session(Duration.ofMinutes(30), Duration.ofHours(12));
        cache.remember(TOKEN_HASH, session);
        Instant validatedAgain = NOW.plus(Duration.ofMinutes(4));
        cache.clock = Clock.fixed(validatedAgain, ZoneOffset.UTC);
        cache.remember(TOKEN_HASH, session);

        cache.clock =
                Clock.fixed(NOW.plus(GatehouseSettings.DEFAULT_OUTAGE_GRACE).plusSeconds(1), ZoneOffset.UTC);

        assertEquals(Optional.of(session), cache.recall(TOKEN_HASH), "within the grace of the second validation");
    }

    @Test
    void aSessionStopsBeingServedTheMomentItsIdleExpiryIsReachedDuringAnOutage() {
        OutageCache cache = cacheAt(NOW);
        cache.remember(TOKEN_HASH, session(Duration.ofMinutes(2), Duration.ofHours(12)));

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(2)).minusSeconds(1), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isPresent(), "one second before the idle expiry");

        cache.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        assertTrue(cache.recall(TOKEN_HASH).isEmpty(), "nothing renews a session while the database is away");
    }

    @Test
    void anUnknownTokenIsNotServed() {
        OutageCache cache = cacheAt(NOW);
        cache.remember(TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));

        assertTrue(cache.recall(SessionToken.digest(SessionToken.generate())).isEmpty());
    }

    @Test
    void forgettingATokenEvictsThatTokenOnly() {
        OutageCache cache = cacheAt(NOW);
        byte[] other = SessionToken.digest(SessionToken.generate());
        cache.remember(TOKEN_HASH, session(Duration.ofMinutes(30), Duration.ofHours(12)));
        cache.remember(other, session(Duration.ofMinutes(30), Duration.ofHours(12)));

        cache.forgetToken(TOKEN_HASH.clone());

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(other).isPresent());
    }

    @Test
    void forgettingASessionEvictsEveryTokenThatNamesItAndNoOtherSession() {
        OutageCache cache = cacheAt(NOW);
        UUID ended = UUID.randomUUID();
        byte[] rotated = SessionToken.digest(SessionToken.generate());
        byte[] otherSession = SessionToken.digest(SessionToken.generate());
        cache.remember(TOKEN_HASH, sessionOf(ended, 7));
        cache.remember(rotated, sessionOf(ended, 7));
        cache.remember(otherSession, sessionOf(UUID.randomUUID(), 7));

        cache.forgetSession(ended);

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(rotated).isEmpty());
        assertTrue(cache.recall(otherSession).isPresent(), "the same user's other session");
    }

    @Test
    void forgettingAUserEvictsAllTheirSessionsAndNobodyElses() {
        OutageCache cache = cacheAt(NOW);
        byte[] secondOfUser = SessionToken.digest(SessionToken.generate());
        byte[] otherUser = SessionToken.digest(SessionToken.generate());
        cache.remember(TOKEN_HASH, sessionOf(UUID.randomUUID(), 7));
        cache.remember(secondOfUser, sessionOf(UUID.randomUUID(), 7));
        cache.remember(otherUser, sessionOf(UUID.randomUUID(), 8));

        cache.forgetUser(7);

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(secondOfUser).isEmpty());
        assertTrue(cache.recall(otherUser).isPresent());
    }

    @Test
    void forgettingEverythingFlushesTheCache() {
        OutageCache cache = cacheAt(NOW);
        byte[] otherUser = SessionToken.digest(SessionToken.generate());
        cache.remember(TOKEN_HASH, sessionOf(UUID.randomUUID(), 7));
        cache.remember(otherUser, sessionOf(UUID.randomUUID(), 8));

        cache.forgetAll();

        assertTrue(cache.recall(TOKEN_HASH).isEmpty());
        assertTrue(cache.recall(otherUser).isEmpty());
    }

    private static ValidSession sessionOf(UUID sessionId, long userId) {
        return new ValidSession(
                sessionId,
                userId,
                "user" + userId,
                "User " + userId,
                Set.of(Role.USER),
                NOW.minusSeconds(60),
                NOW.plus(Duration.ofMinutes(30)),
                NOW.plus(Duration.ofHours(12)));
    }
}
