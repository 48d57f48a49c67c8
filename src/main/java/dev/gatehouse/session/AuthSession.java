package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One signed-in browser: the server-side record behind a session cookie. The expiry rules live here so they
 * can be tested with plain instants.
 */
@Entity
@Table(name = "auth_session")
@NamedQuery(name = AuthSession.FIND_BY_ID_WITH_USER, query = """
        select s from AuthSession s join fetch s.user where s.id = :id""")
@NamedQuery(name = AuthSession.VALIDATION_ROWS_BY_TOKEN_HASH, query = """
        select new dev.gatehouse.session.SessionRow(s.id, s.createdAt, s.lastSeenAt, s.idleExpiresAt,
               s.absoluteExpiresAt, u.id, u.username, u.displayName, u.enabled, r,
               s.secondFactor)
          from AuthSession s join s.user u left join u.roles r
         where s.tokenHash = :tokenHash""")
@NamedQuery(name = AuthSession.RENEW, query = """
        update AuthSession s
           set s.lastSeenAt = :now, s.idleExpiresAt = :idleExpiresAt
         where s.id = :id and s.lastSeenAt <= :dueBefore""")
@NamedQuery(name = AuthSession.RECORD_PROOFS, query = """
        update AuthSession s
           set s.passwordProvedAt = :passwordAt,
               s.secondFactor = coalesce(:secondFactor, s.secondFactor),
               s.secondFactorProvedAt = coalesce(:secondFactorAt, s.secondFactorProvedAt)
         where s.id = :id""")
@NamedQuery(name = AuthSession.RECORD_SECOND_FACTOR, query = """
        update AuthSession s set s.secondFactor = :secondFactor, s.secondFactorProvedAt = :at where s.id = :id""")
@NamedQuery(name = AuthSession.FORGET_SECOND_FACTOR_PROOFS, query = """
        update AuthSession s set s.secondFactor = null, s.secondFactorProvedAt = null where s.user.id = :userId""")
@NamedQuery(name = AuthSession.ROTATE_TOKEN, query = """
        update AuthSession s set s.tokenHash = :newTokenHash where s.tokenHash = :oldTokenHash""")
@NamedQuery(name = AuthSession.DELETE_BY_TOKEN_HASH, query = "delete from AuthSession s where s.tokenHash = :tokenHash")
@NamedQuery(name = AuthSession.DELETE_BY_ID, query = "delete from AuthSession s where s.id = :id")
@NamedQuery(name = AuthSession.DELETE_BY_IDS, query = "delete from AuthSession s where s.id in :ids")
@NamedQuery(name = AuthSession.DELETE_BY_USER, query = "delete from AuthSession s where s.user.id = :userId")
@NamedQuery(name = AuthSession.DELETE_BY_USER_EXCEPT, query = """
        delete from AuthSession s where s.user.id = :userId and s.id <> :keep""")
@NamedQuery(name = AuthSession.COUNT_LIVE_BY_USER, query = """
        select count(s) from AuthSession s where s.user.id = :userId and s.idleExpiresAt > :now""")
@NamedQuery(name = AuthSession.FIND_LIVE_IDS_BY_USER_LEAST_RECENTLY_SEEN, query = """
        select s.id from AuthSession s where s.user.id = :userId and s.idleExpiresAt > :now
         order by s.lastSeenAt asc, s.createdAt asc""")
@NamedQuery(name = AuthSession.DIRECTORY_USERS_DUE_FOR_RECHECK, query = """
        select u.id from User u
         where u.source = dev.gatehouse.user.UserSource.DIRECTORY
           and (u.directoryCheckedAt is null or u.directoryCheckedAt <= :checkedBefore)
           and exists (select 1 from AuthSession s where s.user = u
                         and s.idleExpiresAt > :now and s.absoluteExpiresAt > :now)
         order by u.directoryCheckedAt asc nulls first, u.id asc""")
public class AuthSession {

    public static final String FIND_BY_ID_WITH_USER = "AuthSession.findByIdWithUser";
    public static final String VALIDATION_ROWS_BY_TOKEN_HASH = "AuthSession.validationRowsByTokenHash";
    public static final String RENEW = "AuthSession.renew";
    public static final String ROTATE_TOKEN = "AuthSession.rotateToken";
    public static final String RECORD_PROOFS = "AuthSession.recordProofs";
    public static final String RECORD_SECOND_FACTOR = "AuthSession.recordSecondFactor";
    public static final String FORGET_SECOND_FACTOR_PROOFS = "AuthSession.forgetSecondFactorProofs";
    public static final String DELETE_BY_TOKEN_HASH = "AuthSession.deleteByTokenHash";
    public static final String DELETE_BY_ID = "AuthSession.deleteById";
    public static final String DELETE_BY_IDS = "AuthSession.deleteByIds";
    public static final String DELETE_BY_USER = "AuthSession.deleteByUser";
    public static final String DELETE_BY_USER_EXCEPT = "AuthSession.deleteByUserExcept";
    public static final String COUNT_LIVE_BY_USER = "AuthSession.countLiveByUser";
    public static final String DIRECTORY_USERS_DUE_FOR_RECHECK = "AuthSession.directoryUsersDueForRecheck";
    public static final String FIND_LIVE_IDS_BY_USER_LEAST_RECENTLY_SEEN =
            "AuthSession.findLiveIdsByUserLeastRecentlySeen";

    /** Surrogate id for admin pages and audit entries; never the token or its hash. */
    @Id
    @Column(name = "id", nullable = false)
    private UUID id;

    @Column(name = "token_hash", nullable = false, unique = true, length = 32)
    private byte[] tokenHash;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    private User user;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "idle_expires_at", nullable = false)
    private Instant idleExpiresAt;

    @Column(name = "absolute_expires_at", nullable = false)
    private Instant absoluteExpiresAt;

    @Column(name = "client_ip", length = GatehouseSettings.MAX_IP_LENGTH)
    private String clientIp;

    @Column(name = "user_agent", length = ClientInfo.MAX_USER_AGENT_LENGTH)
    private String userAgent;

    @Column(name = "password_proved_at", nullable = false)
    private Instant passwordProvedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "second_factor", length = 20)
    private SecondFactors.Proof.Kind secondFactor;

    @Column(name = "second_factor_proved_at")
    private Instant secondFactorProvedAt;

    protected AuthSession() {
        // for JPA
    }

    private AuthSession(
            User user,
            byte[] tokenHash,
            Instant now,
            Duration idleTimeout,
            Duration absoluteLifetime,
            ClientInfo client,
            Proofs proofs) {
        this.id = UUID.randomUUID();
        this.user = user;
        this.tokenHash = tokenHash.clone();
        this.createdAt = now;
        this.lastSeenAt = now;
        this.absoluteExpiresAt = now.plus(absoluteLifetime);
        this.idleExpiresAt = earliest(now.plus(idleTimeout), absoluteExpiresAt);
        this.clientIp = client.ip();
        this.userAgent = client.userAgent();
        this.passwordProvedAt = proofs.passwordAt();
        this.secondFactor = proofs.secondFactor().orElse(null);
        this.secondFactorProvedAt = proofs.secondFactorAt().orElse(null);
    }

    /** A session that starts {@code now}; the absolute expiry is fixed here and never moves. */
    public static AuthSession start(
            User user,
            byte[] tokenHash,
            Instant now,
            Duration idleTimeout,
            Duration absoluteLifetime,
            ClientInfo client,
            Proofs proofs) {
        return new AuthSession(user, tokenHash, now, idleTimeout, absoluteLifetime, client, proofs);
    }

    /**
     * Expired once either the idle or the absolute expiry has been reached. The idle expiry is never later than
     * the absolute one, so {@code idle_expires_at} alone tells which rows are live (queries and cleanup use it).
     * The rules take plain values because validation reads columns, not entities.
     */
    static boolean isExpired(Instant idleExpiresAt, Instant absoluteExpiresAt, Instant now) {
        return !now.isBefore(idleExpiresAt) || !now.isBefore(absoluteExpiresAt);
    }

    /** Whether a request at {@code now} should write the row: only once per renewal interval. */
    static boolean isDueForRenewal(Instant lastSeenAt, Duration renewalInterval, Instant now) {
        return !now.isBefore(lastSeenAt.plus(renewalInterval));
    }

    /** The idle expiry slid forward from {@code now}, never past the absolute expiry. */
    static Instant renewedIdleExpiry(Instant now, Duration idleTimeout, Instant absoluteExpiresAt) {
        return earliest(now.plus(idleTimeout), absoluteExpiresAt);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public UUID id() {
        return id;
    }

    public User user() {
        return user;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public Instant idleExpiresAt() {
        return idleExpiresAt;
    }

    public Instant absoluteExpiresAt() {
        return absoluteExpiresAt;
    }

    /** What the holder proved, and when: at sign-in, or at the last re-authentication. */
    public Proofs proofs() {
        return new Proofs(
                passwordProvedAt, Optional.ofNullable(secondFactor), Optional.ofNullable(secondFactorProvedAt));
    }
}
