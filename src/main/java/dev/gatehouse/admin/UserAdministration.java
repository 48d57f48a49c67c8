package dev.gatehouse.admin;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.directory.Directory;
import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.persistence.Page;
import dev.gatehouse.security.Roles;
import dev.gatehouse.session.RecentAuthentication;
import dev.gatehouse.session.SessionAdministration;
import dev.gatehouse.session.SessionChanges;
import dev.gatehouse.user.GeneratedPasswords;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.PasswordPolicy;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserRepository;
import dev.gatehouse.user.UserService;
import dev.gatehouse.user.UserSource;
import dev.gatehouse.user.Usernames;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What administrators do to accounts. Every change is audited in its own transaction, and changes that affect
 * access (disabling, password resets) end the user's sessions in that same transaction. Every method needs the
 * admin role ({@link RolesAllowed}, checked before any data is read), in addition to the container's and the
 * authentication filter's checks of {@code /admin/}. Changes that grant or take away access also need a recent
 * proof of the administrator's password and second factor ({@link RecentAuthentication}, sudo mode).
 */
@ApplicationScoped
@Transactional
@RolesAllowed(Roles.ADMIN)
public class UserAdministration {

    @Inject
    UserService users;

    @Inject
    UserRepository repository;

    @Inject
    SessionAdministration sessions;

    @Inject
    PasswordHasher hasher;

    @Inject
    PasswordPolicy policy;

    @Inject
    SignInAttempts attempts;

    @Inject
    AuditLog audit;

    @Inject
    SessionChanges changes;

    @Inject
    Directory directory;

    @Inject
    SecondFactors factors;

    @Inject
    PasskeyFactors passkeys;

    @Inject
    Clock clock;

    /** One row of the user list. */
    public record UserSummary(
            long id,
            String username,
            String displayName,
            Set<Role> roles,
            boolean enabled,
            boolean locked,
            UserSource source) {}

    /** Everything the edit page shows about one account, read in one transaction. */
    public record UserDetails(
            long id,
            String username,
            String displayName,
            Set<Role> roles,
            boolean enabled,
            boolean locked,
            int failedSignIns,
            java.time.Instant createdAt,
            java.time.Instant passwordChangedAt,
            UserSource source,
            Optional<String> directoryDn,
            Optional<java.time.Instant> directoryCheckedAt,
            boolean hasSecondFactor) {

        public boolean fromDirectory() {
            return source == UserSource.DIRECTORY;
        }
    }

    /** The outcome of a change: done (with a password to show once, if one was generated), or refused. */
    public record Outcome(Optional<Refusal> refusal, long userId, Optional<String> generatedPassword) {
        static Outcome done(long userId) {
            return new Outcome(Optional.empty(), userId, Optional.empty());
        }

        static Outcome refused(Refusal refusal) {
            return new Outcome(Optional.of(refusal), 0, Optional.empty());
        }

        public boolean isDone() {
            return refusal.isEmpty();
        }
    }

    /** Users whose username starts with, or whose display name contains, {@code search}; by username. */
    public Page<UserSummary> list(Actor actor, String search, int first, int size) {
        var now = clock.instant();
        return repository
                .search(search == null ? "" : search.strip(), first, size)
                .map(u -> new UserSummary(
                        u.id(),
                        u.username(),
                        u.displayName(),
                        u.roles(),
                        u.isEnabled(),
                        u.isLockedAt(now),
                        u.source()));
    }

    /** The user with this id, for the edit page. */
    public Optional<UserDetails> find(Actor actor, long userId) {
        var now = clock.instant();
        return users.find(userId)
                .map(u -> new UserDetails(
                        u.id(),
                        u.username(),
                        u.displayName(),
                        u.roles(),
                        u.isEnabled(),
                        u.isLockedAt(now),
                        u.failedLogins(),
                        u.createdAt(),
                        u.passwordChangedAt(),
                        u.source(),
                        u.directoryDn(),
                        u.directoryCheckedAt(),
                        factors.stateOf(u.id()) == SecondFactors.State.TOTP || passkeys.hasAny(u.id())));
    }

    /** Creates an account; without a typed password, one is generated and returned to be shown once. */
    @RecentAuthentication
    public Outcome create(
            Actor actor, String username, String displayName, Set<Role> roles, Optional<String> password) {
        if (!Usernames.isPlausible(username) || !Usernames.normalise(username).matches("[\\p{L}\\p{N}._@-]{2,100}")) {
            return Outcome.refused(Refusal.USERNAME_INVALID);
        }
        if (!isPlausibleDisplayName(displayName)) {
            return Outcome.refused(Refusal.DISPLAY_NAME_INVALID);
        }
        if (users.findByUsername(username).isPresent()) {
            return Outcome.refused(Refusal.USERNAME_TAKEN);
        }
        Optional<Refusal> directoryClaim = directoryClaim(username);
        if (directoryClaim.isPresent()) {
            return Outcome.refused(directoryClaim.get());
        }
        String chosen = password.filter(p -> !p.isEmpty()).orElseGet(GeneratedPasswords::next);
        Optional<PasswordPolicy.Violation> violation = policy.check(username, chosen);
        if (violation.isPresent()) {
            return Outcome.refused(Refusal.of(violation.get()));
        }
        Set<Role> granted = EnumSet.of(Role.USER);
        granted.addAll(roles);
        User user = users.create(username, displayName.strip(), chosen, granted);
        repository.flush();
        audit.record(
                AuditEventType.USER_CREATED,
                actor.party(),
                party(user),
                null,
                actor.ip(),
                "roles " + Role.describe(granted));
        return new Outcome(
                Optional.empty(),
                user.id(),
                password.filter(p -> !p.isEmpty()).isPresent() ? Optional.empty() : Optional.of(chosen));
    }

    /** Changes display name and roles; roles count from the user's very next request. */
    @RecentAuthentication
    public Outcome update(Actor actor, long userId, String displayName, Set<Role> roles) {
        Optional<User> found = users.find(userId);
        if (found.isEmpty()) {
            return Outcome.refused(Refusal.NO_SUCH_USER);
        }
        if (!isPlausibleDisplayName(displayName)) {
            return Outcome.refused(Refusal.DISPLAY_NAME_INVALID);
        }
        User user = found.get();
        if (user.isFromDirectory()) {
            return Outcome.refused(Refusal.MANAGED_BY_DIRECTORY); // the next sign-in or recheck would undo it
        }
        Set<Role> granted = EnumSet.of(Role.USER);
        granted.addAll(roles);
        if (isSelf(actor, user) && !granted.contains(Role.ADMIN)) {
            return Outcome.refused(Refusal.NOT_YOURSELF);
        }
        String before = Role.describe(user.roles()) + ", " + user.displayName();
        user.changeProfile(displayName.strip(), granted);
        changes.userChanged(userId);
        audit.record(
                AuditEventType.USER_CHANGED,
                actor.party(),
                party(user),
                null,
                actor.ip(),
                "from " + before + " to " + Role.describe(granted) + ", " + user.displayName());
        return Outcome.done(userId);
    }

    /** Disables (ending every session in this transaction) or enables an account. */
    @RecentAuthentication
    public Outcome setEnabled(Actor actor, long userId, boolean enabled) {
        Optional<User> found = users.find(userId);
        if (found.isEmpty()) {
            return Outcome.refused(Refusal.NO_SUCH_USER);
        }
        User user = found.get();
        if (isSelf(actor, user)) {
            return Outcome.refused(Refusal.NOT_YOURSELF);
        }
        user.setEnabled(enabled);
        audit.record(
                enabled ? AuditEventType.USER_ENABLED : AuditEventType.USER_DISABLED,
                actor.party(),
                party(user),
                null,
                actor.ip(),
                null);
        if (!enabled) {
            sessions.revokeAllFor(userId, actor);
            attempts.forgetDevicesOf(userId);
        }
        return Outcome.done(userId);
    }

    /** Sets a new password (typed, or generated and returned once) and ends every session of the user. */
    @RecentAuthentication
    public Outcome resetPassword(Actor actor, long userId, Optional<String> password) {
        Optional<User> found = users.find(userId);
        if (found.isEmpty()) {
            return Outcome.refused(Refusal.NO_SUCH_USER);
        }
        User user = found.get();
        if (isSelf(actor, user)) {
            return Outcome.refused(Refusal.NOT_YOURSELF); // your own: account/password.xhtml, with your current one
        }
        if (user.isFromDirectory()) {
            return Outcome.refused(Refusal.MANAGED_BY_DIRECTORY);
        }
        String chosen = password.filter(p -> !p.isEmpty()).orElseGet(GeneratedPasswords::next);
        Optional<PasswordPolicy.Violation> violation = policy.check(user.username(), chosen);
        if (violation.isPresent()) {
            return Outcome.refused(Refusal.of(violation.get()));
        }
        user.changePassword(hasher.hash(chosen), clock.instant());
        user.clearFailedSignIns();
        audit.record(AuditEventType.PASSWORD_RESET, actor.party(), party(user), null, actor.ip(), null);
        sessions.revokeAllFor(userId, actor);
        attempts.forgetDevicesOf(userId);
        return new Outcome(
                Optional.empty(),
                userId,
                password.filter(p -> !p.isEmpty()).isPresent() ? Optional.empty() : Optional.of(chosen));
    }

    /**
     * Removes a user's second factors (authenticator and recovery codes), e.g. after a lost phone, and ends every
     * session of the user. A user whose role requires a factor enrols a new one at their next sign-in.
     */
    @RecentAuthentication
    public Outcome resetFactors(Actor actor, long userId) {
        Optional<User> found = users.find(userId);
        if (found.isEmpty()) {
            return Outcome.refused(Refusal.NO_SUCH_USER);
        }
        User user = found.get();
        if (isSelf(actor, user)) {
            return Outcome.refused(Refusal.NOT_YOURSELF); // your own: account/two-factor.xhtml
        }
        boolean had = factors.removeAll(userId);
        int passkeysRemoved = passkeys.removeAll(userId);
        audit.record(
                AuditEventType.SECOND_FACTORS_RESET,
                actor.party(),
                party(user),
                null,
                actor.ip(),
                (had ? "authenticator and recovery codes removed" : "no confirmed authenticator") + "; "
                        + passkeysRemoved + " passkey(s) removed");
        sessions.revokeAllFor(userId, actor);
        return Outcome.done(userId);
    }

    /** Lifts a lock left by failed sign-ins (which lets guessing resume: sudo mode, like the other changes). */
    @RecentAuthentication
    public Outcome unlock(Actor actor, long userId) {
        Optional<User> found = users.find(userId);
        if (found.isEmpty()) {
            return Outcome.refused(Refusal.NO_SUCH_USER);
        }
        found.get().clearFailedSignIns();
        audit.record(AuditEventType.USER_UNLOCKED, actor.party(), party(found.get()), null, actor.ip(), null);
        return Outcome.done(userId);
    }

    /**
     * A username belongs to one source: a local account named like a directory user who has not signed in yet
     * would take their sign-in over (local accounts are checked first).
     */
    private Optional<Refusal> directoryClaim(String username) {
        if (!directory.isEnabled()) {
            return Optional.empty();
        }
        try {
            return directory.lookup(Usernames.normalise(username)).map(found -> Refusal.USERNAME_IN_DIRECTORY);
        } catch (DirectoryUnavailableException down) {
            return Optional.of(Refusal.DIRECTORY_UNAVAILABLE);
        }
    }

    private static boolean isSelf(Actor actor, User user) {
        return actor.party() != null
                && actor.party().id() != null
                && actor.party().id() == user.id().longValue();
    }

    private static boolean isPlausibleDisplayName(String displayName) {
        return displayName != null
                && !displayName.isBlank()
                && displayName.strip().length() <= 200
                && displayName.codePoints().noneMatch(Character::isISOControl);
    }

    private static Party party(User user) {
        return new Party(user.id(), user.username());
    }
}
