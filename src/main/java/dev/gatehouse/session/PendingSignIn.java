package dev.gatehouse.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A sign-in between its two steps: the password was right, the second factor (or the enrolment of one) is still
 * due. Server-side, short-lived and used once; the browser holds only a random token for it, in a cookie of its
 * own that is no session cookie: nothing but the second step accepts it.
 */
@Entity
@Table(name = "pending_sign_in")
@NamedQuery(name = PendingSignIn.FIND_BY_TOKEN_HASH, query = """
        select p from PendingSignIn p where p.tokenHash = :tokenHash""")
@NamedQuery(name = PendingSignIn.COUNT_BY_ID, query = "select count(p) from PendingSignIn p where p.id = :id")
@NamedQuery(name = PendingSignIn.DELETE_BY_ID, query = "delete from PendingSignIn p where p.id = :id")
@NamedQuery(name = PendingSignIn.DELETE_ALL, query = "delete from PendingSignIn p")
@NamedQuery(name = PendingSignIn.DELETE_OF_USER, query = "delete from PendingSignIn p where p.userId = :userId")
@NamedQuery(name = PendingSignIn.DELETE_EXPIRED, query = "delete from PendingSignIn p where p.expiresAt <= :now")
public class PendingSignIn {

    static final String FIND_BY_TOKEN_HASH = "PendingSignIn.findByTokenHash";
    static final String COUNT_BY_ID = "PendingSignIn.countById";
    static final String DELETE_BY_ID = "PendingSignIn.deleteById";
    static final String DELETE_ALL = "PendingSignIn.deleteAll";
    static final String DELETE_OF_USER = "PendingSignIn.deleteOfUser";
    static final String DELETE_EXPIRED = "PendingSignIn.deleteExpired";

    /** What the second step is. */
    public enum Purpose {
        /** Type a code from the authenticator app, or a recovery code. */
        SECOND_FACTOR,
        /** The user's role requires a second factor and they have none: enrol one now. */
        ENROL
    }

    @Id
    @Column(name = "id", nullable = false)
    private UUID id;

    @Column(name = "token_hash", nullable = false, unique = true, length = 32)
    private byte[] tokenHash;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Enumerated(EnumType.STRING)
    @Column(name = "purpose", nullable = false, length = 20)
    private Purpose purpose;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "client_ip", length = 45)
    private String clientIp;

    @Column(name = "user_agent", length = ClientInfo.MAX_USER_AGENT_LENGTH)
    private String userAgent;

    @Column(name = "return_to", length = 2048)
    private String returnTo;

    @Column(name = "device_token_hash", length = 32)
    private byte[] deviceTokenHash;

    protected PendingSignIn() {
        // for JPA
    }

    PendingSignIn(
            byte[] tokenHash,
            long userId,
            Purpose purpose,
            Instant now,
            Duration lifetime,
            ClientInfo client,
            Optional<String> returnTo,
            Optional<byte[]> deviceTokenHash) {
        this.id = UUID.randomUUID();
        this.tokenHash = tokenHash.clone();
        this.userId = userId;
        this.purpose = purpose;
        this.createdAt = now;
        this.expiresAt = now.plus(lifetime);
        this.clientIp = client.ip();
        this.userAgent = client.userAgent();
        this.returnTo = returnTo.orElse(null);
        this.deviceTokenHash = deviceTokenHash.map(byte[]::clone).orElse(null);
    }

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    UUID id() {
        return id;
    }

    long userId() {
        return userId;
    }

    Purpose purpose() {
        return purpose;
    }

    /** When the password was proved: the first step. */
    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Optional<String> returnTo() {
        return Optional.ofNullable(returnTo);
    }

    Optional<byte[]> deviceTokenHash() {
        return Optional.ofNullable(deviceTokenHash).map(byte[]::clone);
    }
}
