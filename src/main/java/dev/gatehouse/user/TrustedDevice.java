package dev.gatehouse.user;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A browser a user signed in from successfully, known by the SHA-256 of its device cookie (OWASP "Slow Down
 * Online Guessing Attacks with Device Cookies"). Sign-ins from it bypass the account's lock, which guesses from
 * anywhere else set, but have their own failure budget and lock.
 */
@Entity
@Table(name = "trusted_device")
@NamedQuery(
        name = TrustedDevice.FIND_BY_TOKEN_HASH,
        query = "select d from TrustedDevice d where d.tokenHash = :tokenHash and d.lastUsedAt > :usedSince")
@NamedQuery(name = TrustedDevice.DELETE_OF_USER, query = "delete from TrustedDevice d where d.userId = :userId")
@NamedQuery(
        name = TrustedDevice.IDS_OF_USER_NEWEST_FIRST,
        query = "select d.id from TrustedDevice d where d.userId = :userId order by d.lastUsedAt desc, d.id desc")
@NamedQuery(name = TrustedDevice.DELETE_BY_IDS, query = "delete from TrustedDevice d where d.id in :ids")
public class TrustedDevice {

    public static final String FIND_BY_TOKEN_HASH = "TrustedDevice.findByTokenHash";
    public static final String IDS_OF_USER_NEWEST_FIRST = "TrustedDevice.idsOfUserNewestFirst";
    public static final String DELETE_BY_IDS = "TrustedDevice.deleteByIds";
    public static final String DELETE_OF_USER = "TrustedDevice.deleteOfUser";
    /** A browser not used to sign in for this long is trusted no more (the cookie's {@code Max-Age} is the same). */
    public static final java.time.Duration LIFETIME = java.time.Duration.ofDays(180);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "token_hash", nullable = false, unique = true)
    private byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    @Embedded
    private FailedAttempts failures = new FailedAttempts();

    protected TrustedDevice() {
        // for JPA
    }

    TrustedDevice(long userId, byte[] tokenHash, Instant now) {
        this.userId = userId;
        this.tokenHash = tokenHash.clone();
        this.createdAt = now;
        this.lastUsedAt = now;
    }

    public Long id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    void used(Instant now) {
        lastUsedAt = now;
    }

    /** The device's own failure count and lock; never null. */
    FailedAttempts failures() {
        if (failures == null) {
            failures = new FailedAttempts();
        }
        return failures;
    }
}
