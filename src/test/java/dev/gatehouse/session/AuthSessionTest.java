package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class AuthSessionTest {

    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(12);
    private static final Duration RENEWAL = Duration.ofMinutes(3);

    private final AuthSession session = AuthSession.start(
            new User("alice", "Alice", "$argon2id$unused", EnumSet.of(Role.USER), START),
            SessionToken.digest(SessionToken.generate()),
            START,
            IDLE,
            ABSOLUTE,
            new ClientInfo("127.0.0.1", "test"),
            Proofs.password(START));

    @Test
    void newSessionEndsAfterTheIdleTimeoutUnlessUsed() {
        assertEquals(START.plus(IDLE), session.idleExpiresAt());
        assertEquals(START.plus(ABSOLUTE), session.absoluteExpiresAt());
        assertFalse(AuthSession.isExpired(
                session.idleExpiresAt(),
                session.absoluteExpiresAt(),
                START.plus(IDLE).minusMillis(1)));
        assertTrue(AuthSession.isExpired(session.idleExpiresAt(), session.absoluteExpiresAt(), START.plus(IDLE)));
    }

    @Test
    void renewalIsDueOnlyOncePerInterval() {
        assertFalse(AuthSession.isDueForRenewal(
                session.lastSeenAt(), RENEWAL, START.plus(RENEWAL).minusMillis(1)));
        assertTrue(AuthSession.isDueForRenewal(session.lastSeenAt(), RENEWAL, START.plus(RENEWAL)));

        Instant renewedAt = START.plus(RENEWAL);

        assertFalse(AuthSession.isDueForRenewal(
                renewedAt, RENEWAL, renewedAt.plus(RENEWAL).minusMillis(1)));
        assertTrue(AuthSession.isDueForRenewal(renewedAt, RENEWAL, renewedAt.plus(RENEWAL)));
    }

    @Test
    void renewalSlidesTheIdleExpiryButNeverTheAbsoluteOne() {
        Instant later = START.plus(Duration.ofMinutes(20));

        assertEquals(later.plus(IDLE), AuthSession.renewedIdleExpiry(later, IDLE, session.absoluteExpiresAt()));
        assertEquals(START.plus(ABSOLUTE), session.absoluteExpiresAt());
    }

    @Test
    void activeSessionStillEndsAtTheAbsoluteExpiry() {
        Instant absolute = session.absoluteExpiresAt();
        Instant now = START;
        while (now.isBefore(START.plus(ABSOLUTE).minus(IDLE))) {
            now = now.plus(Duration.ofMinutes(10));
            Instant idleExpiresAt = AuthSession.renewedIdleExpiry(now, IDLE, absolute);
            assertFalse(AuthSession.isExpired(idleExpiresAt, absolute, now));
        }
        Instant nearTheEnd = START.plus(ABSOLUTE).minus(Duration.ofMinutes(5));
        Instant idleExpiresAt = AuthSession.renewedIdleExpiry(nearTheEnd, IDLE, absolute);

        assertEquals(START.plus(ABSOLUTE), idleExpiresAt, "idle expiry is capped by the absolute one");
        assertTrue(AuthSession.isExpired(idleExpiresAt, absolute, START.plus(ABSOLUTE)));
    }
}
