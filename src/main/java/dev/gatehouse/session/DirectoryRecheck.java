package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.config.DirectorySettings;
import dev.gatehouse.directory.Directory;
import dev.gatehouse.directory.DirectoryAccount;
import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.security.Roles;
import dev.gatehouse.session.DirectorySync.Recheck;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Offboarding that reaches live sessions: every directory user with a live session is re-read from the directory
 * once per {@code GATEHOUSE_LDAP_RECHECK_INTERVAL}. Gone, disabled or in no mapped group: their sessions end;
 * changed groups: their roles change, from the next request on. A directory that does not answer ends nothing;
 * the users stay due and the next round asks again. Not transactional: the directory is asked with no database
 * connection held, and each answer is applied in a transaction of its own ({@link DirectorySync}).
 */
@ApplicationScoped
public class DirectoryRecheck {

    /** Users asked about per round, longest unchecked first; the rest are still due in the next round. */
    public static final int USERS_PER_ROUND = 500;

    /** Lookups in a row the directory did not answer after which a round gives up (the rest stay due). */
    static final int UNANSWERED_IN_A_ROW_ENDING_A_ROUND = 3;

    /** Rounds per recheck interval, so a user is re-read at most a fifth of the interval late. */
    static final int ROUNDS_PER_INTERVAL = 5;

    private static final System.Logger LOG = System.getLogger(DirectoryRecheck.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Directory directory;

    @Inject
    DirectorySync sync;

    @Inject
    DirectorySettings settings;

    @Inject
    UserService users;

    @Inject
    Clock clock;

    private ScheduledFuture<?> task;

    /** What one round did: how many users got each answer, and whether the directory left any lookup unanswered. */
    public record Round(Map<Recheck, Integer> counts, boolean directoryUnavailable) {

        public int count(Recheck recheck) {
            return counts.getOrDefault(recheck, 0);
        }
    }

    /** Starts the periodic rounds when a directory is configured; a round starts after the previous one ended. */
    public void start() {
        if (!directory.isEnabled()) {
            return;
        }
        long period = Math.max(
                1, settings.recheckInterval().dividedBy(ROUNDS_PER_INTERVAL).toMillis());
        task = scheduler.scheduleWithFixedDelay(this::scheduledRound, period, period, TimeUnit.MILLISECONDS);
    }

    /** Re-reads every directory user with a live session whom the directory was not asked about within the interval. */
    public Round recheckDue() {
        Map<Recheck, Integer> counts = new EnumMap<>(Recheck.class);
        if (!directory.isEnabled()) {
            return new Round(counts, false);
        }
        Instant checkedBefore = clock.instant().minus(settings.recheckInterval());
        List<Long> due = sync.dueForRecheck(checkedBefore, USERS_PER_ROUND);
        boolean unavailable = false;
        int unansweredInARow = 0;
        for (long userId : due) {
            try {
                counts.merge(recheck(userId, Actor.SYSTEM, Optional.of(checkedBefore)), 1, Integer::sum);
                unansweredInARow = 0;
            } catch (DirectoryUnavailableException down) {
                // one user's lookup can fail on its own (a slow group search): the round goes on with the others,
                // unless the directory answers nobody
                unavailable = true;
                if (++unansweredInARow == UNANSWERED_IN_A_ROW_ENDING_A_ROUND) {
                    LOG.log(
                            Level.WARNING,
                            "Directory recheck postponed after {0} unanswered lookups in a row ({1}); {2} of {3}"
                                    + " due user(s) still due, no session ended for them",
                            unansweredInARow,
                            down.getMessage(),
                            due.size()
                                    - counts.values().stream()
                                            .mapToInt(Integer::intValue)
                                            .sum(),
                            due.size());
                    return new Round(counts, true);
                }
            } catch (RuntimeException e) {
                // a bug or a database failure for this user; the others are still rechecked
                LOG.log(Level.WARNING, "Directory recheck of user " + userId + " failed", e);
            }
        }
        if (counts.entrySet().stream().anyMatch(e -> e.getKey() != Recheck.UNCHANGED && e.getValue() > 0)) {
            LOG.log(Level.INFO, "Directory recheck: {0}", counts);
        }
        return new Round(counts, unavailable);
    }

    /**
     * An administrator has one directory user re-read now, whatever the schedule; audited with the answer (by
     * {@link DirectorySync#rechecked}).
     *
     * @throws DirectoryUnavailableException when no directory server answered (nothing changed)
     */
    @RolesAllowed(Roles.ADMIN)
    public Recheck recheckNow(Actor actor, long userId) throws DirectoryUnavailableException {
        return recheck(userId, actor, Optional.empty());
    }

    /**
     * A directory user signs in with a passkey (no password for the directory to check): the directory is asked now,
     * as at a password sign-in, and a user it no longer lets in loses every session.
     *
     * @throws DirectoryUnavailableException when no directory is configured any more or no server answered
     */
    Recheck recheckAtSignIn(long userId) throws DirectoryUnavailableException {
        return recheck(userId, Actor.SYSTEM, Optional.empty());
    }

    /** Rechecks one user; with {@code dueBefore}, only if no other node rechecked them since it was due. */
    private Recheck recheck(long userId, Actor actor, Optional<Instant> dueBefore)
            throws DirectoryUnavailableException {
        Optional<User> user = users.find(userId).filter(User::isFromDirectory);
        if (user.isEmpty()) {
            return Recheck.NOT_A_DIRECTORY_USER;
        }
        if (DirectorySync.checkedSince(user.get(), dueBefore)) {
            return Recheck.SKIPPED;
        }
        if (!directory.isEnabled()) {
            throw new DirectoryUnavailableException("No directory is configured", null);
        }
        Optional<DirectoryAccount> account = directory.lookup(user.get().username());
        return sync.rechecked(userId, account, actor, dueBefore);
    }

    private void scheduledRound() {
        try {
            recheckDue();
        } catch (RuntimeException e) {
            // a failed round (e.g. the database is away) must not cancel the schedule; the next round retries
            LOG.log(Level.WARNING, "Directory recheck failed; retrying in the next round", e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
