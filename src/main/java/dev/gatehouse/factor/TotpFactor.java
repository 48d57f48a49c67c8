package dev.gatehouse.factor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A user's authenticator app: the sealed TOTP secret, whether its enrolment was confirmed with a first code, and
 * the last time step accepted (so every code works once, on every node: the row is locked while a code is checked).
 */
@Entity
@Table(name = "totp_factor")
public class TotpFactor {

    @Id
    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "sealed_secret", nullable = false, length = 200)
    private String sealedSecret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "confirmed_at")
    private Instant confirmedAt;

    @Column(name = "last_used_step")
    private Long lastUsedStep;

    protected TotpFactor() {
        // for JPA
    }

    TotpFactor(long userId, String sealedSecret, Instant now) {
        this.userId = userId;
        this.sealedSecret = sealedSecret;
        this.createdAt = now;
    }

    /** What the secret is sealed for: bound to the user, so a secret copied onto another row does not open. */
    static String purpose(long userId) {
        return "totp:" + userId;
    }

    long userId() {
        return userId;
    }

    String sealedSecret() {
        return sealedSecret;
    }

    /** A new secret for an enrolment not confirmed yet; the old unconfirmed one stops working. */
    void restartEnrolment(String sealedSecret, Instant now) {
        this.sealedSecret = sealedSecret;
        this.createdAt = now;
        this.confirmedAt = null;
        this.lastUsedStep = null;
    }

    boolean isConfirmed() {
        return confirmedAt != null;
    }

    Optional<Instant> confirmedAt() {
        return Optional.ofNullable(confirmedAt);
    }

    void confirm(Instant now) {
        confirmedAt = now;
    }

    OptionalLong lastUsedStep() {
        return lastUsedStep == null ? OptionalLong.empty() : OptionalLong.of(lastUsedStep);
    }

    void used(long step) {
        lastUsedStep = step;
    }
}
