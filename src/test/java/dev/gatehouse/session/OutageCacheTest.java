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
        return new ValidSession(UUID.randomUUID(), 7, "alice", "Alice", Set.of(Role.USER), NOW.minusSeconds(60),
                NOW.plus(idleLeft), NOW.plus(absoluteLeft));
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
        other.clock = Clock.fixed(NOW.plus(GatehouseSettings.DEFAULT_OUTAGE_GRACE).plusSeconds(1), ZoneOffset.UTC);
        assertTrue(other.recall(TOKEN_HASH).isEmpty(), "grace");
    }
}
