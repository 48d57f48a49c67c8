package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@link SessionCleanup} every cleanup period on the container's managed scheduler. */
@ApplicationScoped
public class CleanupScheduler {

    private static final System.Logger LOG = System.getLogger(CleanupScheduler.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    SessionCleanup cleanup;

    @Inject
    GatehouseSettings settings;

    private ScheduledFuture<?> task;

    /** Starts the periodic cleanup; a run starts only after the previous one has finished. */
    public void start() {
        long period = settings.cleanupPeriod().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::runOnce, period, period, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            cleanup.removeExpired();
        } catch (RuntimeException e) {
            // A failed run (e.g. the database is away) must not cancel the schedule; the next run retries.
            LOG.log(Level.WARNING, "Session cleanup failed; retrying in " + settings.cleanupPeriod(), e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
