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
            SessionToken.digest(SessionToken.generate()), START, IDLE, ABSOLUTE, new ClientInfo("127.0.0.1", "test"));

    @Test
    void newSessionEndsAfterTheIdleTimeoutUnlessUsed() {
        assertEquals(START.plus(IDLE), session.idleExpiresAt());
        assertEquals(START.plus(ABSOLUTE), session.absoluteExpiresAt());
        assertFalse(session.isExpiredAt(START.plus(IDLE).minusMillis(1)));
        assertTrue(session.isExpiredAt(START.plus(IDLE)));
    }

    @Test
    void renewalIsDueOnlyOncePerInterval() {
        assertFalse(session.isDueForRenewalAt(START.plus(RENEWAL).minusMillis(1), RENEWAL));
        assertTrue(session.isDueForRenewalAt(START.plus(RENEWAL), RENEWAL));

        Instant renewedAt = START.plus(RENEWAL);
        session.renewAt(renewedAt, IDLE);

        assertFalse(session.isDueForRenewalAt(renewedAt.plus(RENEWAL).minusMillis(1), RENEWAL));
        assertTrue(session.isDueForRenewalAt(renewedAt.plus(RENEWAL), RENEWAL));
    }

    @Test
    void renewalSlidesTheIdleExpiryButNeverTheAbsoluteOne() {
        Instant later = START.plus(Duration.ofMinutes(20));
        session.renewAt(later, IDLE);

        assertEquals(later, session.lastSeenAt());
        assertEquals(later.plus(IDLE), session.idleExpiresAt());
        assertEquals(START.plus(ABSOLUTE), session.absoluteExpiresAt());
    }

    @Test
    void activeSessionStillEndsAtTheAbsoluteExpiry() {
        Instant now = START;
        while (now.isBefore(START.plus(ABSOLUTE).minus(IDLE))) {
            now = now.plus(Duration.ofMinutes(10));
            session.renewAt(now, IDLE);
            assertFalse(session.isExpiredAt(now));
        }
        Instant nearTheEnd = START.plus(ABSOLUTE).minus(Duration.ofMinutes(5));
        session.renewAt(nearTheEnd, IDLE);

        assertEquals(START.plus(ABSOLUTE), session.idleExpiresAt(), "idle expiry is capped by the absolute one");
        assertTrue(session.isExpiredAt(START.plus(ABSOLUTE)));
    }
}
