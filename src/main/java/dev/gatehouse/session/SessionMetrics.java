package dev.gatehouse.session;

import dev.gatehouse.user.Authentication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Gatehouse's MicroProfile metrics, in the application registry and served at {@code /api/metrics}:
 * {@code gatehouse_sessions_live}, {@code gatehouse_signins_total{outcome=...}}, {@code gatehouse_lockouts_total},
 * {@code gatehouse_session_validation_seconds}, {@code gatehouse_session_cache_total{result=hit|miss}} and
 * {@code gatehouse_cleanup_removed_total}. It lives with the
 * sessions because every one of them counts something the sessions do.
 */
@ApplicationScoped
public class SessionMetrics {

    /** The live-session gauge counts rows; at most once per this interval, whatever the scrape rate. */
    static final Duration LIVE_SESSIONS_REFRESH = Duration.ofSeconds(10);

    @Inject
    MetricRegistry registry;

    @Inject
    SessionRepository repository;

    @Inject
    Clock clock;

    private Timer validation;
    private Counter cacheHits;
    private Counter cacheMisses;
    private final AtomicLong liveSessions = new AtomicLong();
    private volatile long liveSessionsCountedAt;

    @PostConstruct
    void register() {
        validation = registry.timer("gatehouse_session_validation");
        cacheHits = registry.counter("gatehouse_session_cache", new Tag("result", "hit"));
        cacheMisses = registry.counter("gatehouse_session_cache", new Tag("result", "miss"));
        registry.gauge("gatehouse_sessions_live", this, SessionMetrics::liveSessions);
    }

    /**
     * Counts one sign-in attempt as {@code succeeded} or {@code failed}, never by reason: a reason such as
     * "unknown user" next to "wrong password" would tell a scraper of one failed attempt whether an account exists.
     */
    public void signIn(Authentication.Outcome outcome) {
        String exported = outcome == Authentication.Outcome.SUCCEEDED ? "succeeded" : "failed";
        registry.counter("gatehouse_signins", new Tag("outcome", exported)).inc();
    }

    public void lockout() {
        registry.counter("gatehouse_lockouts").inc();
    }

    public void cleanupRemoved(long rows) {
        registry.counter("gatehouse_cleanup_removed").inc(rows);
    }

    /** Counts one look into the session cache: answered from memory, or sent to the database. */
    public void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).inc();
    }

    /** Records how long one session validation took. */
    public void validated(Duration took) {
        validation.update(took);
    }

    private long liveSessions() {
        long now = System.nanoTime();
        if (now - liveSessionsCountedAt > LIVE_SESSIONS_REFRESH.toNanos()) {
            try {
                liveSessions.set(repository.countLive(clock.instant()));
                liveSessionsCountedAt = now;
            } catch (RuntimeException ignore) {
                // the database is away: report the last count rather than failing the whole scrape
            }
        }
        return liveSessions.get();
    }
}
