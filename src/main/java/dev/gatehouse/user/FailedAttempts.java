package dev.gatehouse.user;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Consecutive failed password attempts and the lock they led to, for an account or for one trusted device.
 * Failures are counted before the password is checked and refunded if it was right (see {@link SignInAttempts});
 * a success after a lock keeps the count, so the next failure locks again at the escalated length.
 */
@Embeddable
public class FailedAttempts {

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    /** Whether attempts are refused at {@code now}. */
    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** Counts a failure and locks if {@code lockout} says so. */
    void record(Instant now, Lockout lockout) {
        failedLogins++;
        lockout.lockedUntil(failedLogins, now).ifPresent(until -> lockedUntil = until);
    }

    /** Takes back a failure counted before the password was checked, and the lock it set, if it set one. */
    void refund(boolean lockedByIt, Instant lockBefore) {
        failedLogins = Math.max(0, failedLogins - 1);
        if (lockedByIt) {
            lockedUntil = lockBefore;
        }
    }

    /** A success clears the count, unless the failures had already locked: then it is kept for escalation. */
    void succeed(Lockout lockout) {
        if (failedLogins < lockout.threshold()) {
            failedLogins = 0;
        }
    }

    /** Forgets failures whose last lock ended longer than {@code memory} before {@code now}. */
    void forgetOlderThan(Duration memory, Instant now) {
        if (lockedUntil != null && lockedUntil.plus(memory).isBefore(now)) {
            clear();
        }
    }

    void clear() {
        failedLogins = 0;
        lockedUntil = null;
    }

    public int count() {
        return failedLogins;
    }

    public Optional<Instant> lockedUntil() {
        return Optional.ofNullable(lockedUntil);
    }
}
