package dev.gatehouse.factor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A WebAuthn challenge that was answered, kept until it expires so it is never accepted again. */
@Entity
@Table(name = "passkey_challenge_spent")
@NamedQuery(name = SpentChallenge.DELETE_EXPIRED, query = "delete from SpentChallenge c where c.expiresAt < :now")
public class SpentChallenge {

    static final String DELETE_EXPIRED = "SpentChallenge.deleteExpired";

    @Id
    @Column(name = "challenge_digest", nullable = false, length = 64)
    private String digest;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected SpentChallenge() {
        // for JPA
    }

    SpentChallenge(String digest, Instant expiresAt) {
        this.digest = digest;
        this.expiresAt = expiresAt;
    }
}
