package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockoutTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final Lockout lockout = Lockout.from(GatehouseSettings.defaults());

    @Test
    void noLockBelowTheThreshold() {
        for (int failures = 0; failures < GatehouseSettings.DEFAULT_LOCKOUT_THRESHOLD; failures++) {
            assertEquals(Optional.empty(), lockout.lockedUntil(failures, NOW));
        }
    }

    @Test
    void lockDoublesWithEachFurtherFailureUpToTheMaximum() {
        assertEquals(
                NOW.plus(Duration.ofMinutes(1)), lockout.lockedUntil(5, NOW).orElseThrow());
        assertEquals(
                NOW.plus(Duration.ofMinutes(2)), lockout.lockedUntil(6, NOW).orElseThrow());
        assertEquals(
                NOW.plus(Duration.ofMinutes(32)), lockout.lockedUntil(10, NOW).orElseThrow());
        assertEquals(NOW.plus(Duration.ofHours(1)), lockout.lockedUntil(11, NOW).orElseThrow());
        assertEquals(
                NOW.plus(Duration.ofHours(1)),
                lockout.lockedUntil(1_000_000, NOW).orElseThrow());
    }

    @Test
    void anAttackerGetsFarFewerThanNistsHundredGuessesPerHour() {
        User user = new User("victim", "Victim", "$argon2id$unused", java.util.EnumSet.of(Role.USER), NOW);
        Instant t = NOW;
        int guesses = 0;
        Instant hourLater = NOW.plus(Duration.ofHours(1));
        while (t.isBefore(hourLater)) {
            if (!user.isLockedAt(t)) {
                user.recordFailedSignIn(t, lockout);
                guesses++;
            }
            t = t.plusSeconds(1); // a guess every second whenever the account accepts one
        }
        assertTrue(guesses <= 12, "guesses in the first hour: " + guesses);
    }
}
