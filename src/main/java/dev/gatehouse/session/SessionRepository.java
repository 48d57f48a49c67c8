package dev.gatehouse.session;

import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.config.DatabaseKind;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.persistence.Page;
import dev.gatehouse.persistence.PagedQuery;
import dev.gatehouse.user.User;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query on {@code auth_session}. JPQL lives as named queries on {@link AuthSession}; native SQL here. */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class SessionRepository {

    /**
     * One bounded batch of expired rows. {@code SKIP LOCKED} lets several nodes clean at once: each takes rows
     * nobody else holds, so there is neither waiting nor deadlock nor double work. {@code = any(array(...))}
     * makes PostgreSQL delete by primary key; an {@code in (subquery)} here plans as a full scan per batch.
     */
    static final String DELETE_EXPIRED_BATCH_POSTGRESQL = """
            delete from auth_session where id = any(array(
                select id from auth_session where idle_expires_at <= ?1
                 order by idle_expires_at limit ?2 for update skip locked))""";

    /** The embedded H2 default runs on a single node; the same batch without row locking. */
    static final String DELETE_EXPIRED_BATCH_PORTABLE = """
            delete from auth_session where id in (
                select id from auth_session where idle_expires_at <= ?1
                 order by idle_expires_at fetch first ?2 rows only)""";

    /** The longest list of one user's sessions any page shows. */
    public static final int MAX_LISTED_PER_USER = 200;

    private static final int IDS_PER_STATEMENT = 1000;

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    AuditLog audit;

    private String deleteExpiredBatch;

    @Inject
    DatabaseKind database;

    @PostConstruct
    void chooseSqlForDatabase() {
        deleteExpiredBatch = database.isPostgresql() ? DELETE_EXPIRED_BATCH_POSTGRESQL : DELETE_EXPIRED_BATCH_PORTABLE;
    }

    public void persist(AuthSession session) {
        em.persist(session);
    }

    /** The rows validation needs (one per role of the session's user), without loading entities. */
    public List<SessionRow> validationRows(byte[] tokenHash) {
        return em.createNamedQuery(AuthSession.VALIDATION_ROWS_BY_TOKEN_HASH, SessionRow.class)
                .setParameter("tokenHash", tokenHash)
                .getResultList();
    }

    /**
     * Records what the holder of session {@code id} just proved (a bulk update: it never writes the token hash or
     * expiry columns, which a parallel rotation or renewal may have changed). @return whether the session exists
     */
    public boolean recordProofs(UUID id, Proofs proofs) {
        return em.createNamedQuery(AuthSession.RECORD_PROOFS)
                        .setParameter("id", id)
                        .setParameter("passwordAt", proofs.passwordAt())
                        .setParameter("secondFactor", proofs.secondFactor().orElse(null))
                        .setParameter("secondFactorAt", proofs.secondFactorAt().orElse(null))
                        .executeUpdate()
                == 1;
    }

    /** Records a second factor proved in session {@code id} now, leaving the other columns as they are. */
    public void recordSecondFactor(UUID id, SecondFactors.Proof.Kind kind, Instant at) {
        em.createNamedQuery(AuthSession.RECORD_SECOND_FACTOR)
                .setParameter("id", id)
                .setParameter("secondFactor", kind)
                .setParameter("at", at)
                .executeUpdate();
    }

    public int forgetSecondFactorProofs(long userId) {
        return em.createNamedQuery(AuthSession.FORGET_SECOND_FACTOR_PROOFS)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    public int deleteAllPendingSignIns() {
        return em.createNamedQuery(PendingSignIn.DELETE_ALL).executeUpdate();
    }

    public int deletePendingSignInsOf(long userId) {
        return em.createNamedQuery(PendingSignIn.DELETE_OF_USER)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    public Optional<AuthSession> findByIdWithUser(UUID id) {
        return em
                .createNamedQuery(AuthSession.FIND_BY_ID_WITH_USER, AuthSession.class)
                .setParameter("id", id)
                .getResultList()
                .stream()
                .findFirst();
    }

    /**
     * Writes a renewal unless another request (on any node) already did since {@code dueBefore}.
     *
     * @return whether this call wrote the row
     */
    public boolean renew(UUID id, Instant now, Instant idleExpiresAt, Instant dueBefore) {
        return em.createNamedQuery(AuthSession.RENEW)
                        .setParameter("id", id)
                        .setParameter("now", now)
                        .setParameter("idleExpiresAt", idleExpiresAt)
                        .setParameter("dueBefore", dueBefore)
                        .executeUpdate()
                == 1;
    }

    public boolean rotateToken(byte[] oldTokenHash, byte[] newTokenHash) {
        return em.createNamedQuery(AuthSession.ROTATE_TOKEN)
                        .setParameter("oldTokenHash", oldTokenHash)
                        .setParameter("newTokenHash", newTokenHash)
                        .executeUpdate()
                == 1;
    }

    public int deleteByTokenHash(byte[] tokenHash) {
        return em.createNamedQuery(AuthSession.DELETE_BY_TOKEN_HASH)
                .setParameter("tokenHash", tokenHash)
                .executeUpdate();
    }

    public int deleteById(UUID id) {
        return em.createNamedQuery(AuthSession.DELETE_BY_ID)
                .setParameter("id", id)
                .executeUpdate();
    }

    /** Deletes the sessions with these ids, a bounded chunk per statement (drivers limit bind parameters). */
    public int deleteByIds(List<UUID> ids) {
        int deleted = 0;
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            deleted += em.createNamedQuery(AuthSession.DELETE_BY_IDS)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT)))
                    .executeUpdate();
        }
        return deleted;
    }

    public int deleteAllExcept(UUID keep) {
        return em.createQuery("delete from AuthSession s where s.id <> :keep")
                .setParameter("keep", keep)
                .executeUpdate();
    }

    public int deleteByUser(long userId) {
        return em.createNamedQuery(AuthSession.DELETE_BY_USER)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    public int deleteByUserExcept(long userId, UUID keep) {
        return em.createNamedQuery(AuthSession.DELETE_BY_USER_EXCEPT)
                .setParameter("userId", userId)
                .setParameter("keep", keep)
                .executeUpdate();
    }

    public long countLiveByUser(long userId, Instant now) {
        return em.createNamedQuery(AuthSession.COUNT_LIVE_BY_USER, Long.class)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .getSingleResult();
    }

    /**
     * Up to {@code limit} ids of directory users who have a live session and whom the directory was last asked
     * about at or before {@code checkedBefore}; longest unchecked first.
     */
    public List<Long> directoryUsersDueForRecheck(Instant checkedBefore, Instant now, int limit) {
        return em.createNamedQuery(AuthSession.DIRECTORY_USERS_DUE_FOR_RECHECK, Long.class)
                .setParameter("checkedBefore", checkedBefore)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Up to {@code limit} ids of a user's live sessions, least recently seen first. */
    public List<UUID> liveIdsByUserLeastRecentlySeen(long userId, Instant now, int limit) {
        return em.createNamedQuery(AuthSession.FIND_LIVE_IDS_BY_USER_LEAST_RECENTLY_SEEN, UUID.class)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    private static final String SUMMARY = """
            select new dev.gatehouse.session.SessionSummary(s.id, u.id, u.username, u.displayName, s.createdAt,
                   s.lastSeenAt, s.idleExpiresAt, s.absoluteExpiresAt, s.clientIp, s.userAgent)
              from AuthSession s join s.user u""";

    /** A page of live sessions matching {@code query}, and the number of matches. */
    public Page<SessionSummary> list(SessionQuery query, Instant now) {
        PagedQuery<SessionSummary> list = PagedQuery.of(
                        SessionSummary.class, SUMMARY, "select count(s) from AuthSession s join s.user u")
                .where("s.idleExpiresAt > :now", "now", now);
        query.usernamePrefix()
                .ifPresent(p -> list.where(
                        "u.username like :username " + PagedQuery.LIKE_ESCAPE, "username", PagedQuery.startingWith(p)));
        query.ip().ifPresent(ip -> list.where("s.clientIp = :ip", "ip", ip));
        String direction = query.descending() ? " desc" : " asc";
        return list.page(em, query.sort().path + direction + ", s.id" + direction, query.firstResult(), query.size());
    }

    /** A user's live sessions, most recently seen first (at most {@value #MAX_LISTED_PER_USER}). */
    public List<SessionSummary> listForUser(long userId, Instant now) {
        return em.createQuery(
                        SUMMARY + " where u.id = :userId and s.idleExpiresAt > :now order by s.lastSeenAt desc",
                        SessionSummary.class)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .setMaxResults(MAX_LISTED_PER_USER)
                .getResultList();
    }

    private static final String STATISTICS =
            "select count(s), count(distinct s.user.id) from AuthSession s where s.idleExpiresAt > :now";

    public SessionStatistics statistics(Instant now) {
        Object[] row = em.createQuery(STATISTICS, Object[].class)
                .setParameter("now", now)
                .getSingleResult();
        return new SessionStatistics((Long) row[0], (Long) row[1]);
    }

    /**
     * How many sessions are live at {@code now}, in a transaction of its own if need be (the metrics gauge has none).
     */
    @Transactional(TxType.REQUIRED)
    public long countLive(Instant now) {
        return statistics(now).liveSessions();
    }

    /** Locks the user's row until the transaction ends, so per-user limits hold under concurrent sign-ins. */
    public void lockUser(User user) {
        em.lock(user, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Deletes up to {@code limit} expired rows in a transaction of its own, so locks are held only briefly, and
     * audits the count in that same transaction.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int deleteExpiredBatch(Instant now, int limit, int batchNumber) {
        int deleted = em.createNativeQuery(deleteExpiredBatch)
                .setParameter(1, now)
                .setParameter(2, limit)
                .executeUpdate();
        if (deleted > 0) {
            audit.record(
                    AuditEventType.SESSIONS_EXPIRED_REMOVED,
                    null,
                    null,
                    null,
                    null,
                    deleted + " expired session(s), batch " + batchNumber);
        }
        return deleted;
    }
}
