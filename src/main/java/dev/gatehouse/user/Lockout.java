package dev.gatehouse.user;

import dev.gatehouse.config.GatehouseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long an account stays locked after consecutive failed sign-ins: nothing below the threshold, then the
 * base duration, doubling with each further failure up to the maximum. With the defaults (5, 1 min, 1 h) an
 * attacker gets at most about a dozen guesses per hour per account, far below NIST's limit of 100.
 */
public record Lockout(int threshold, Duration base, Duration max) {

    public static Lockout from(GatehouseSettings settings) {
        return new Lockout(settings.lockoutThreshold(), settings.lockoutBase(), settings.lockoutMax());
    }

    /** When an account with {@code consecutiveFailures} failures, the latest {@code now}, may be tried again. */
    public Optional<Instant> lockedUntil(int consecutiveFailures, Instant now) {
        if (consecutiveFailures < threshold) {
            return Optional.empty();
        }
        int doublings = Math.min(consecutiveFailures - threshold, 30);
        Duration lock = base.multipliedBy(1L << doublings);
        return Optional.of(now.plus(lock.compareTo(max) > 0 ? max : lock));
    }
}
