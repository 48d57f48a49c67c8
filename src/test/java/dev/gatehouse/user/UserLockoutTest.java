package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How an account's failure count and lock move through reservations, refunds and successes. */
class UserLockoutTest {

    private static final Lockout LOCKOUT = new Lockout(5, Duration.ofMinutes(1), Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    private final User user = new User("alice", "Alice", "hash", Set.of(Role.USER), NOW);

    @Test
    void aRefundedReservationLeavesNoTrace() {
        for (int i = 0; i < 4; i++) {
            user.recordFailedSignIn(NOW, LOCKOUT);
        }
        user.recordFailedSignIn(NOW, LOCKOUT); // the fifth reservation locks...
        assertTrue(user.isLockedAt(NOW));

        user.refundFailedSignIn(true, null); // ...but its password was right

        assertFalse(user.isLockedAt(NOW));
        assertEquals(4, user.failedLogins());
    }

    @Test
    void aSuccessBeforeAnyLockClearsTheFailures() {
        user.recordFailedSignIn(NOW, LOCKOUT);
        user.recordFailedSignIn(NOW, LOCKOUT);

        user.recordSuccessfulSignIn(LOCKOUT);

        assertEquals(0, user.failedLogins());
    }

    @Test
    void aSuccessAfterALockKeepsTheEscalation() {
        for (int i = 0; i < 7; i++) {
            user.recordFailedSignIn(NOW, LOCKOUT);
        }
        Instant afterLock = NOW.plus(Duration.ofHours(2));
        user.recordSuccessfulSignIn(LOCKOUT);
        user.recordFailedSignIn(afterLock, LOCKOUT);

        assertEquals(
                Duration.ofMinutes(8),
                Duration.between(afterLock, user.lockedUntil().orElseThrow()),
                "the next failure locks at the escalated length, not from scratch");
    }

    @Test
    void failuresAreForgottenADayAfterTheLastLockEnded() {
        for (int i = 0; i < 6; i++) {
            user.recordFailedSignIn(NOW, LOCKOUT);
        }
        Instant lockEnd = user.lockedUntil().orElseThrow();

        user.forgetFailuresOlderThan(SignInAttempts.ESCALATION_MEMORY, lockEnd.plus(Duration.ofHours(23)));
        assertEquals(6, user.failedLogins(), "still remembered within the day");
        user.forgetFailuresOlderThan(SignInAttempts.ESCALATION_MEMORY, lockEnd.plus(Duration.ofHours(25)));
        assertEquals(0, user.failedLogins());
        assertTrue(user.lockedUntil().isEmpty());
    }
}
