package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The per-client-address sign-in limit, counted in the database so it holds across every node: each attempt is a
 * row, and an address may make {@code gatehouse.login.rate-per-minute} of them in any minute. An attempt over the
 * limit is not recorded (it costs nothing and does not extend the wait), so the budget is exact whatever a client
 * does. Rows stamped after this node's now (another node's clock running ahead) do not count. Old rows are
 * deleted by the session cleanup. Requests from one address that arrive at the same instant can each see the
 * count before the others' rows: the limit is then exceeded by at most their number. It is not serialised on
 * purpose: waiting for a lock would hold a pooled connection per waiting sign-in, which is how a flood used to
 * starve the pool.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRES_NEW)
public class SignInRateLimit {

    public static final Duration WINDOW = Duration.ofMinutes(1);

    static final String INSERT = "insert into sign_in_attempt (client_ip, attempted_at) values (?1, ?2)";
    static final String COUNT_AND_OLDEST = "select count(*), min(attempted_at) from sign_in_attempt"
            + " where client_ip = ?1 and attempted_at > ?2 and attempted_at <= ?3";
    static final String DELETE_OLD = "delete from sign_in_attempt where attempted_at <= ?1";

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /**
     * Counts one sign-in attempt from {@code ip}, in a transaction of its own.
     *
     * @return empty if it may go ahead, else how long until the address may try again
     */
    public Optional<Duration> tryAcquire(String ip) {
        Instant now = clock.instant();
        Object[] window = (Object[]) em.createNativeQuery(COUNT_AND_OLDEST)
                .setParameter(1, ip)
                .setParameter(2, Timestamp.from(now.minus(WINDOW)))
                .setParameter(3, Timestamp.from(now))
                .getSingleResult();
        long attempts = ((Number) window[0]).longValue();
        Optional<Duration> wait = retryAfter(attempts, settings.loginRatePerMinute(), instant(window[1]), now);
        if (wait.isEmpty()) {
            em.createNativeQuery(INSERT)
                    .setParameter(1, ip)
                    .setParameter(2, Timestamp.from(now))
                    .executeUpdate();
        }
        return wait;
    }

    /** Deletes attempts that no longer count; run by the session cleanup. @return how many */
    public int deleteOld() {
        return em.createNativeQuery(DELETE_OLD)
                .setParameter(1, Timestamp.from(clock.instant().minus(WINDOW)))
                .executeUpdate();
    }

    /**
     * The decision: with {@code attempts} already in the window (the oldest at {@code oldest}), may one more go
     * ahead? If not, the wait until the oldest leaves the window.
     */
    static Optional<Duration> retryAfter(long attempts, int limit, Instant oldest, Instant now) {
        if (attempts < limit) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, oldest.plus(WINDOW));
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return Instant.EPOCH; // no attempts in the window: never reached with attempts >= 1
    }
}
