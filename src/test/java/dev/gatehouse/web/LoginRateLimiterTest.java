package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {

    private Instant now = Instant.parse("2026-03-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final LoginRateLimiter limiter = new LoginRateLimiter(GatehouseSettings.defaults(), clock);

    @Test
    void twentyAttemptsPerMinuteThenTheClientWaitsForTheWindowToEnd() {
        for (int i = 0; i < GatehouseSettings.DEFAULT_LOGIN_RATE_PER_MINUTE; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire("10.0.0.1"));
        }
        now = now.plusSeconds(15);

        assertEquals(Optional.of(Duration.ofSeconds(45)), limiter.tryAcquire("10.0.0.1"));
        assertEquals(Optional.empty(), limiter.tryAcquire("10.0.0.2"), "other clients are not affected");

        now = now.plusSeconds(45);
        assertEquals(Optional.empty(), limiter.tryAcquire("10.0.0.1"), "a new window");
    }

    @Test
    void manyDistinctClientsDoNotGrowMemoryWithoutBound() {
        for (int i = 0; i < 50_000; i++) {
            limiter.tryAcquire("client-" + i);
            if (i % 10_000 == 0) {
                now = now.plus(LoginRateLimiter.WINDOW);
            }
        }
        assertTrue(limiter.trackedClients() <= 20_001, "tracked: " + limiter.trackedClients());
    }
}
