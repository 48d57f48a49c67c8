package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SpentChallenges;
import dev.gatehouse.user.SignInAttempts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes expired session rows in bounded batches, each in its own short transaction, so a backlog of millions
 * never blocks sign-ins. Safe to run on several nodes at once (see {@link SessionRepository}).
 */
@ApplicationScoped
public class SessionCleanup {

    private static final System.Logger LOG = System.getLogger(SessionCleanup.class.getName());

    @Inject
    SessionRepository repository;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    @Inject
    SessionMetrics metrics;

    @Inject
    SignInRateLimit rateLimit;

    @Inject
    SignInAttempts attempts;

    @Inject
    TwoStepSignIn twoStep;

    @Inject
    HeldRequests heldRequests;

    @Inject
    SpentChallenges spentChallenges;

    /** What one run did. */
    public record Result(long removed, int batches, Duration took) {}

    /** Removes every row that had expired when the run started, batch by batch, and logs the count. */
    public Result removeExpired() {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        int batchSize = settings.cleanupBatchSize();
        long removed = 0;
        int batches = 0;
        int deleted;
        do {
            deleted = repository.deleteExpiredBatch(startedAt, batchSize, batches + 1);
            removed += deleted;
            batches++;
        } while (deleted == batchSize);
        rateLimit.deleteOld();
        twoStep.deleteExpired(startedAt);
        heldRequests.deleteExpired(startedAt);
        spentChallenges.deleteExpired(startedAt);
        attempts.forgetUsernameFailuresBefore(startedAt.minus(SignInAttempts.ESCALATION_MEMORY));
        Result result = new Result(removed, batches, Duration.ofNanos(System.nanoTime() - started));
        metrics.cleanupRemoved(removed);
        LOG.log(
                removed > 0 ? Level.INFO : Level.DEBUG,
                "Session cleanup removed {0} expired session(s) in {1} batch(es), {2} ms",
                removed,
                batches,
                result.took().toMillis());
        return result;
    }
}
