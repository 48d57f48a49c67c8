package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    private final SessionCache cache = new SessionCache();
    private final DatabaseSessions database = new DatabaseSessions();
    private final SessionValidator validator = new SessionValidator();
    private final List<Boolean> lookups = new ArrayList<>();

    SessionValidatorTest() {
        cache.settings = GatehouseSettings.defaults();
        cache.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cache.create();
        cache.listening();
        validator.cache = cache;
        validator.sessions = database;
        validator.metrics = new SessionMetrics() {
            @Override
            public void cacheLookup(boolean hit) {
                lookups.add(hit);
            }
        };
    }

    @Test
    void aCachedSessionIsAnsweredWithoutTheDatabase() {
        String token = SessionToken.generate();
        ValidSession session = session();
        SessionCacheTest.remember(cache, SessionToken.digest(token), session);

        assertEquals(Optional.of(session), validator.validate(token));
        assertEquals(List.of(), database.asked);
        assertEquals(List.of(true), lookups);
    }

    @Test
    void anythingElseIsAskedOfTheDatabase() {
        String token = SessionToken.generate();

        assertEquals(Optional.empty(), validator.validate(token));
        assertEquals(List.of(token), database.asked);
        assertEquals(List.of(false), lookups);
    }

    @Test
    void aMalformedTokenIsNoSessionAndCostsNothing() {
        assertEquals(Optional.empty(), validator.validate("not a token"));
        assertEquals(Optional.empty(), validator.validate(null));
        assertEquals(List.of(), database.asked);
        assertEquals(List.of(), lookups);
    }

    private static ValidSession session() {
        return new ValidSession(
                UUID.randomUUID(),
                7,
                "alice",
                "Alice",
                Set.of(Role.USER),
                NOW.minusSeconds(60),
                NOW.plus(Duration.ofMinutes(29)),
                NOW.plus(Duration.ofHours(11)),
                Optional.empty());
    }

    /** The database path, recording what it was asked. */
    private static final class DatabaseSessions extends SessionService {
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<ValidSession> validate(String rawToken) {
            asked.add(rawToken);
            return Optional.empty();
        }
    }
}
