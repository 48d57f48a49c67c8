package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.directory.DirectoryAccount;
import dev.gatehouse.security.PrintableText;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps Gatehouse's copy of directory users in line with what the directory last said, one transaction per
 * answer: a first sign-in provisions the user, every sign-in and recheck refreshes name and roles, and an answer
 * that no longer lets the user in (gone, disabled, in no mapped group) ends their sessions at once. The directory
 * itself is asked outside any transaction, by the callers.
 */
@ApplicationScoped
@Transactional
public class DirectorySync {

    /** Widths of {@code app_user.display_name} and {@code app_user.directory_dn}: longer values are cut. */
    static final int MAX_DISPLAY_NAME = 200;

    static final int MAX_DN = 1000;

    private static final String REPLACED =
            "the username now names another directory entry (the person it was provisioned from is gone)";

    private static final System.Logger LOG = System.getLogger(DirectorySync.class.getName());

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    UserRepository users;

    @Inject
    SessionService sessions;

    @Inject
    SessionRepository sessionRows;

    @Inject
    SessionChanges changes;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** What a recheck found. */
    public enum Recheck {
        /** Still in the directory, enabled, name and roles as before. */
        UNCHANGED,
        /** Name or roles changed; they count from the user's next request. */
        UPDATED,
        /** No entry matches the username any more; sessions ended. */
        GONE,
        /** Disabled or locked in the directory; sessions ended. */
        DISABLED,
        /** In no group that maps to a role; sessions ended. */
        NO_ROLE,
        /** A scheduled round found the user already rechecked by another node's round. */
        SKIPPED,
        /** Not a directory user (or no user at all): nothing to recheck. */
        NOT_A_DIRECTORY_USER
    }

    /**
     * Up to {@code limit} directory users with a live session whom the directory was last asked about at or before
     * {@code checkedBefore}.
     */
    public List<Long> dueForRecheck(Instant checkedBefore, int limit) {
        return sessionRows.directoryUsersDueForRecheck(checkedBefore, clock.instant(), limit);
    }

    /** Whether the user was rechecked after {@code dueBefore} (by another node's round, say); never without one. */
    static boolean checkedSince(User user, Optional<Instant> dueBefore) {
        return dueBefore.isPresent()
                && user.directoryCheckedAt()
                        .filter(at -> at.isAfter(dueBefore.get()))
                        .isPresent();
    }

    /**
     * Takes over the directory's answer to a successful password check: provisions the user at their first
     * sign-in, refreshes name and roles at later ones. An account that may not have a session (disabled, no mapped
     * group) is not provisioned; if it was before, its sessions end.
     *
     * @return the user, or empty when there is none for this account: not provisioned, or the username belongs to
     *     a local account (a username has one source)
     */
    public Optional<User> signedIn(String username, DirectoryAccount account) {
        Instant now = clock.instant();
        Optional<User> found = users.findByUsername(username);
        found.ifPresent(user -> em.refresh(user, LockModeType.PESSIMISTIC_WRITE));
        if (found.isPresent() && !found.get().isFromDirectory()) {
            return Optional.empty();
        }
        if (found.isPresent() && !sameEntry(found.get(), account)) {
            sessions.endAllOf(found.get(), Actor.SYSTEM, Optional.of(REPLACED));
            return Optional.empty();
        }
        if (found.isEmpty() && !account.mayHaveSession()) {
            return Optional.empty();
        }
        if (found.isEmpty()) {
            Optional<User> holder = users.findByDirectoryId(account.entryId());
            if (holder.isPresent()) {
                // another spelling of the username already stands for this directory entry
                LOG.log(
                        Level.WARNING,
                        "Directory entry {0} already belongs to user {1}; refusing the sign-in as {2}",
                        account.dn(),
                        holder.get().username(),
                        username);
                return Optional.empty();
            }
            User user = User.fromDirectory(
                    username, account.entryId(), displayName(account), dn(account), account.roles(), now);
            users.persist(user);
            users.flush();
            audit.record(
                    AuditEventType.USER_CREATED,
                    null,
                    SessionService.party(user),
                    null,
                    null,
                    "from the directory at first sign-in, roles " + Role.describe(account.roles()));
            return Optional.of(user);
        }
        User user = found.get();
        apply(user, account, Actor.SYSTEM, "at sign-in");
        return Optional.of(user);
    }

    /**
     * Takes over the directory's answer to a recheck of {@code userId} ({@code account} empty: no such entry any
     * more). Name and roles are refreshed; a user the directory no longer lets in loses every session. A recheck
     * an administrator asked for is audited with its answer. With {@code dueBefore} (a scheduled round), a user
     * rechecked since then by another node is left as that node left them.
     */
    public Recheck rechecked(
            long userId, Optional<DirectoryAccount> account, Actor actor, Optional<Instant> dueBefore) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.isFromDirectory()) {
            return Recheck.NOT_A_DIRECTORY_USER;
        }
        if (checkedSince(user, dueBefore)) {
            return Recheck.SKIPPED; // another node's round applied its answer while this one asked
        }
        user.directoryChecked(clock.instant());
        Recheck result;
        if (account.isEmpty()) {
            sessions.endAllOf(user, actor, Optional.of("no longer in the directory"));
            result = Recheck.GONE;
        } else if (!sameEntry(user, account.get())) {
            sessions.endAllOf(user, actor, Optional.of(REPLACED));
            result = Recheck.GONE;
        } else {
            result = apply(user, account.get(), actor, "at recheck");
        }
        if (!actor.isSystem()) {
            audit.record(
                    AuditEventType.DIRECTORY_RECHECKED,
                    actor.party(),
                    SessionService.party(user),
                    null,
                    actor.ip(),
                    result.name().toLowerCase(Locale.ROOT));
        }
        return result;
    }

    private Recheck apply(User user, DirectoryAccount account, Actor actor, String when) {
        String before = Role.describe(user.roles()) + ", " + user.displayName();
        if (account.disabled()) {
            user.directoryChecked(clock.instant());
            sessions.endAllOf(user, actor, Optional.of("disabled or locked in the directory"));
            return Recheck.DISABLED;
        }
        if (account.roles().isEmpty()) {
            user.directoryChecked(clock.instant());
            sessions.endAllOf(user, actor, Optional.of("in no directory group that maps to a role"));
            return Recheck.NO_ROLE;
        }
        if (!user.refreshFromDirectory(dn(account), displayName(account), account.roles(), clock.instant())) {
            return Recheck.UNCHANGED;
        }
        changes.userChanged(user.id());
        audit.record(
                AuditEventType.USER_CHANGED,
                actor.party(),
                SessionService.party(user),
                null,
                actor.ip(),
                "from the directory " + when + ": from " + before + " to " + Role.describe(user.roles()) + ", "
                        + user.displayName());
        return Recheck.UPDATED;
    }

    /**
     * Whether the account is the entry the user was provisioned from. A different one means the username now
     * names someone else (reused after the person left): not the same person, so not the same sessions.
     */
    private static boolean sameEntry(User user, DirectoryAccount account) {
        return user.directoryId().map(account.entryId()::equals).orElse(true);
    }

    private static String displayName(DirectoryAccount account) {
        return PrintableText.clip(account.displayName(), MAX_DISPLAY_NAME);
    }

    private static String dn(DirectoryAccount account) {
        return PrintableText.clip(account.dn(), MAX_DN);
    }
}
