package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInRateLimitTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:30Z");

    @Test
    void attemptsBelowTheLimitGoAhead() {
        assertEquals(Optional.empty(), SignInRateLimit.retryAfter(0, 20, Instant.EPOCH, NOW));
        assertEquals(Optional.empty(), SignInRateLimit.retryAfter(19, 20, NOW.minusSeconds(50), NOW));
    }

    @Test
    void theAttemptOverTheLimitWaitsUntilTheOldestLeavesTheWindow() {
        Instant oldest = NOW.minusSeconds(20);

        assertEquals(Optional.of(Duration.ofSeconds(40)), SignInRateLimit.retryAfter(20, 20, oldest, NOW));
        assertEquals(Optional.of(Duration.ofSeconds(40)), SignInRateLimit.retryAfter(500, 20, oldest, NOW));
    }

    @Test
    void theWaitIsNeverNegative() {
        assertEquals(
                Optional.of(Duration.ZERO), SignInRateLimit.retryAfter(20, 20, NOW.minus(SignInRateLimit.WINDOW), NOW));
    }
}
