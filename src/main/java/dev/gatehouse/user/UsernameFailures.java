package dev.gatehouse.user;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Failed sign-ins under a username that has no account here, such as a directory user before their first
 * sign-in: counted and locked like an account's failures, so that guesses through Gatehouse are throttled before
 * anyone is provisioned, and stop before they could lock the person out of the directory itself.
 */
@Entity
@Table(name = "username_failure")
@NamedQuery(
        name = UsernameFailures.DELETE_LAST_FAILED_BEFORE,
        query = "delete from UsernameFailures f where f.lastFailedAt < :before"
                + " and (f.failures.lockedUntil is null or f.failures.lockedUntil < :before)")
public class UsernameFailures {

    public static final String DELETE_LAST_FAILED_BEFORE = "UsernameFailures.deleteLastFailedBefore";

    @Id
    @Column(name = "username", length = 100)
    private String username;

    @Embedded
    private FailedAttempts failures = new FailedAttempts();

    @Column(name = "last_failed_at", nullable = false)
    private Instant lastFailedAt;

    protected UsernameFailures() {
        // for JPA
    }

    UsernameFailures(String normalisedUsername, Instant now) {
        this.username = normalisedUsername;
        this.lastFailedAt = now;
    }

    public String username() {
        return username;
    }

    void failedAt(Instant now) {
        lastFailedAt = now;
    }

    /** The failure count and lock; never null. */
    FailedAttempts failures() {
        if (failures == null) {
            failures = new FailedAttempts();
        }
        return failures;
    }
}
