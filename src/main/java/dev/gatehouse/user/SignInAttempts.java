package dev.gatehouse.user;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.security.OpaqueTokens;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Race-free accounting of password attempts, in two short transactions around a hash computed outside any
 * transaction (so a sign-in waiting for a hashing slot holds no database connection). {@link #reserve} locks the
 * account row, refuses a locked account at once and otherwise counts the attempt as a failure before the
 * password is checked; {@link #conclude} takes that back if the password was right. So N parallel guesses are
 * checked at most up to the lockout threshold, on any number of nodes, and every later one is refused unhashed.
 */
@ApplicationScoped
@Transactional
public class SignInAttempts {

    /** How long after its last lock ended an account's failures are remembered for escalation. */
    public static final Duration ESCALATION_MEMORY = Duration.ofDays(1);
    /** Trusted devices kept per user; signing in from more forgets the least recently used. */
    public static final int MAX_DEVICES_PER_USER = 20;

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    UserRepository users;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    private Lockout lockout;

    @PostConstruct
    void init() {
        lockout = Lockout.from(settings);
    }

    /**
     * Step one for a typed username. A {@link Reservation#decided} outcome needs no hash (refused input, unknown
     * user, locked account); otherwise the caller checks the password against {@link Reservation#passwordHash}.
     */
    public Reservation reserve(String typedUsername, String password) {
        return reserve(typedUsername, password, Optional.empty());
    }

    /**
     * Step one for a typed username from a browser that may hold a device cookie ({@code deviceTokenHash}): if it
     * is a trusted device of that user, the attempt is counted against the device's budget instead of the
     * account's, so guesses from elsewhere that locked the account do not lock its owner out of this browser.
     */
    public Reservation reserve(String typedUsername, String password, Optional<byte[]> deviceTokenHash) {
        if (!isAcceptableInput(password)) {
            return Reservation.decided(Authentication.Outcome.REFUSED_INPUT, null);
        }
        Optional<User> found =
                Usernames.isPlausible(typedUsername) ? users.findByUsername(typedUsername) : Optional.empty();
        // lock the row with refresh: a lock requested on the query itself ran on a connection of its own here
        found.ifPresent(user -> em.refresh(user, LockModeType.PESSIMISTIC_WRITE));
        return found.map(user -> reserve(user, deviceTokenHash))
                .orElseGet(() -> Reservation.decided(Authentication.Outcome.UNKNOWN_USER, null));
    }

    /**
     * Step one for a username that has no account here but that the directory may know: the attempt is counted
     * against the username itself (see {@link UsernameFailures}) before the directory is asked. Decided
     * {@code LOCKED} when earlier guesses under the name locked it.
     */
    public Reservation reserveUnprovisioned(String normalisedUsername) {
        Instant now = clock.instant();
        UsernameFailures row = em.find(UsernameFailures.class, normalisedUsername, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            // two first attempts at once: one insert fails, and the caller's retry finds the other's row
            row = new UsernameFailures(normalisedUsername, now);
            em.persist(row);
            em.flush();
        }
        FailedAttempts counter = row.failures();
        counter.forgetOlderThan(ESCALATION_MEMORY, now);
        if (counter.isLockedAt(now)) {
            return new Reservation(
                    Optional.of(Authentication.Outcome.LOCKED),
                    null,
                    UserSource.DIRECTORY,
                    normalisedUsername,
                    null,
                    false,
                    null,
                    counter.count(),
                    Optional.empty());
        }
        Instant lockBefore = counter.lockedUntil().orElse(null);
        counter.record(now, lockout);
        row.failedAt(now);
        return new Reservation(
                Optional.empty(),
                null,
                UserSource.DIRECTORY,
                normalisedUsername,
                null,
                counter.isLockedAt(now),
                lockBefore,
                counter.count(),
                Optional.empty());
    }

    /**
     * Step two for {@link #reserveUnprovisioned}: a wrong password stays counted; a right one forgets the name's
     * failures (the user is being provisioned, and their account counts from now on). {@code passwordRight}
     * empty: the password could not be checked, the attempt is taken back.
     */
    public void concludeUnprovisioned(Reservation reservation, Optional<Boolean> passwordRight) {
        UsernameFailures row = em.find(UsernameFailures.class, reservation.username(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null || passwordRight.equals(Optional.of(false))) {
            return;
        }
        if (passwordRight.isPresent()) {
            em.remove(row); // the account about to be provisioned counts its own failures from now on
        } else {
            row.failures().refund(reservation.lockedByThisAttempt(), reservation.lockBefore());
        }
    }

    /** Forgets failures under unprovisioned usernames last seen before {@code before}; returns how many. */
    public int forgetUsernameFailuresBefore(Instant before) {
        return em.createNamedQuery(UsernameFailures.DELETE_LAST_FAILED_BEFORE)
                .setParameter("before", before)
                .executeUpdate();
    }

    /** Step one for a signed-in user re-entering their password (e.g. to change it). */
    public Reservation reserve(long userId, String password) {
        return reserve(userId, password, Optional.empty());
    }

    /** Step one for a signed-in user re-entering their password, from a browser that may be a trusted device. */
    public Reservation reserve(long userId, String password, Optional<byte[]> deviceTokenHash) {
        if (!isAcceptableInput(password)) {
            return Reservation.decided(Authentication.Outcome.REFUSED_INPUT, null);
        }
        return Optional.ofNullable(em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE))
                .map(user -> reserve(user, deviceTokenHash))
                .orElseGet(() -> Reservation.decided(Authentication.Outcome.UNKNOWN_USER, null));
    }

    /**
     * Step two: the verdict on the password. A wrong one stays counted (and may have locked the account); a right
     * one takes its reservation back and clears earlier failures (see {@link User#recordSuccessfulSignIn}).
     *
     * @param newHash a stronger hash of the same password to store, when the stored one has old parameters
     */
    public Authentication conclude(Reservation reservation, boolean passwordRight, Optional<String> newHash) {
        return conclude(reservation, passwordRight, newHash, user -> true);
    }

    /**
     * Step two, when a right password may be only the first of two steps: then ({@code completesSignIn} false for
     * the user, asked with the row locked) earlier failures stay counted until the second factor is proved too ({@link #checkCode}), so someone who knows
     * the password cannot reset the count between guesses at the code.
     */
    public Authentication conclude(
            Reservation reservation, boolean passwordRight, Optional<String> newHash, Predicate<User> completesSignIn) {
        User user = em.find(User.class, reservation.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            return Authentication.failed(Authentication.Outcome.UNKNOWN_USER, null);
        }
        if (!passwordRight) {
            return Authentication.failed(Authentication.Outcome.WRONG_PASSWORD, user);
        }
        FailedAttempts counter = counterOf(reservation, user);
        counter.refund(reservation.lockedByThisAttempt(), reservation.lockBefore());
        if (!user.isEnabled()) {
            return Authentication.failed(Authentication.Outcome.DISABLED, user);
        }
        if (completesSignIn.test(user)) {
            counter.succeed(lockout);
        }
        newHash.ifPresent(user::rehashPassword);
        return Authentication.succeeded(user);
    }

    /**
     * Checks a second-factor code of a user whose password was right, counted exactly like a password: a locked
     * account is refused without looking at the code, a wrong code counts toward the lockout (of the account, or of
     * the trusted device the attempt came from), a right one clears the count. The user's row stays locked while
     * {@code codeIsRight} runs, so parallel guesses are checked one at a time and at most up to the threshold;
     * {@code stillDue} is asked first, with the row locked, so an attempt that waited for a parallel one to finish the
     * same step checks and counts nothing.
     */
    public CodeCheck checkCode(
            long userId, Optional<byte[]> deviceTokenHash, BooleanSupplier stillDue, Predicate<User> codeIsRight) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            return new CodeCheck(Authentication.failed(Authentication.Outcome.UNKNOWN_USER, null), false, true);
        }
        if (!stillDue.getAsBoolean()) {
            // a parallel attempt finished the step while this one waited for the row: nothing to check or count
            return new CodeCheck(Authentication.failed(Authentication.Outcome.UNKNOWN_USER, user), false, false);
        }
        Reservation reservation = reserve(user, deviceTokenHash);
        if (!reservation.needsPasswordCheck()) {
            return new CodeCheck(Authentication.failed(reservation.decided().orElseThrow(), user), false, true);
        }
        if (!codeIsRight.test(user)) {
            return new CodeCheck(
                    Authentication.failed(Authentication.Outcome.WRONG_CODE, user),
                    reservation.lockedByThisAttempt() && !reservation.fromTrustedDevice(),
                    true);
        }
        FailedAttempts counter = counterOf(reservation, user);
        counter.refund(reservation.lockedByThisAttempt(), reservation.lockBefore());
        if (!user.isEnabled()) {
            return new CodeCheck(Authentication.failed(Authentication.Outcome.DISABLED, user), false, true);
        }
        counter.succeed(lockout);
        user.failures().succeed(lockout); // the account's own count too, when the attempt came from a trusted device
        return new CodeCheck(Authentication.succeeded(user), false, true);
    }

    /**
     * The verdict on a second-factor code, whether this wrong code locked the account, and whether the code was
     * looked at at all (not when the step it belonged to was no longer due).
     */
    public record CodeCheck(Authentication result, boolean lockedByThisAttempt, boolean checked) {}

    /** Takes a reservation back without a verdict: the password could not be checked (all hashing slots busy). */
    public void release(Reservation reservation) {
        User user = em.find(User.class, reservation.userId(), LockModeType.PESSIMISTIC_WRITE);
        if (user != null) {
            counterOf(reservation, user).refund(reservation.lockedByThisAttempt(), reservation.lockBefore());
        }
    }

    /**
     * Trusts the browser the user just signed in from: keeps its device cookie if it is already one of this
     * user's, otherwise registers a new one (the oldest beyond {@value #MAX_DEVICES_PER_USER} are forgotten).
     *
     * @return the raw token of a new device cookie to hand to the browser once, or empty to keep the current one
     */
    public Optional<String> trustDevice(long userId, Optional<byte[]> presentedTokenHash) {
        Instant now = clock.instant();
        Optional<TrustedDevice> known = presentedTokenHash.flatMap(this::device).filter(d -> d.userId() == userId);
        if (known.isPresent()) {
            known.get().used(now);
            return Optional.empty();
        }
        String token = OpaqueTokens.generate();
        em.persist(new TrustedDevice(userId, OpaqueTokens.digest(token), now));
        em.flush();
        List<Long> surplus = em.createNamedQuery(TrustedDevice.IDS_OF_USER_NEWEST_FIRST, Long.class)
                .setParameter("userId", userId)
                .setFirstResult(MAX_DEVICES_PER_USER)
                .getResultList();
        if (!surplus.isEmpty()) {
            em.createNamedQuery(TrustedDevice.DELETE_BY_IDS)
                    .setParameter("ids", surplus)
                    .executeUpdate();
        }
        return Optional.of(token);
    }

    private Reservation reserve(User user, Optional<byte[]> deviceTokenHash) {
        Instant now = clock.instant();
        Optional<TrustedDevice> device = deviceTokenHash.flatMap(this::device).filter(d -> d.userId() == user.id());
        FailedAttempts counter = device.map(TrustedDevice::failures).orElseGet(user::failures);
        counter.forgetOlderThan(ESCALATION_MEMORY, now);
        if (counter.isLockedAt(now)) {
            return Reservation.decided(Authentication.Outcome.LOCKED, user.id());
        }
        Instant lockBefore = counter.lockedUntil().orElse(null);
        counter.record(now, lockout);
        return new Reservation(
                Optional.empty(),
                user.id(),
                user.source(),
                user.username(),
                user.passwordHash().orElse(null),
                counter.isLockedAt(now),
                lockBefore,
                counter.count(),
                device.map(TrustedDevice::id));
    }

    private Optional<TrustedDevice> device(byte[] tokenHash) {
        Optional<TrustedDevice> device = em
                .createNamedQuery(TrustedDevice.FIND_BY_TOKEN_HASH, TrustedDevice.class)
                .setParameter("tokenHash", tokenHash)
                .setParameter("usedSince", clock.instant().minus(TrustedDevice.LIFETIME))
                .getResultList()
                .stream()
                .findFirst();
        device.ifPresent(d -> em.refresh(d, LockModeType.PESSIMISTIC_WRITE));
        return device;
    }

    /**
     * Forgets every browser the user was trusted from: after a password change or reset, or when the account is
     * disabled, whoever knew the old password must not keep the device budgets it earned with it.
     */
    public void forgetDevicesOf(long userId) {
        em.createNamedQuery(TrustedDevice.DELETE_OF_USER)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    /**
     * The counter a reservation was made against: its trusted device's, or the account's. A device forgotten in
     * the meantime gets a counter of its own that nothing stores, so its refund never lands on the account.
     */
    private FailedAttempts counterOf(Reservation reservation, User user) {
        if (reservation.deviceId().isEmpty()) {
            return user.failures();
        }
        return Optional.ofNullable(
                        em.find(TrustedDevice.class, reservation.deviceId().get(), LockModeType.PESSIMISTIC_WRITE))
                .map(TrustedDevice::failures)
                .orElseGet(FailedAttempts::new);
    }

    private boolean isAcceptableInput(String password) {
        return password != null && !password.isEmpty() && password.length() <= settings.passwordMaxLength();
    }

    /**
     * The result of step one: either {@code decided} (no password check), or the password to check (against the
     * hash, or in the directory under the stored username), with what is needed to take the counted failure back.
     */
    public record Reservation(
            Optional<Authentication.Outcome> decided,
            Long userId,
            UserSource source,
            String username,
            String passwordHash,
            boolean lockedByThisAttempt,
            Instant lockBefore,
            int failuresCounted,
            Optional<Long> deviceId) {

        static Reservation decided(Authentication.Outcome outcome, Long userId) {
            return new Reservation(
                    Optional.of(outcome), userId, UserSource.LOCAL, null, null, false, null, 0, Optional.empty());
        }

        /** Whether the attempt is counted against a username with no account here (see {@link UsernameFailures}). */
        public boolean unprovisioned() {
            return userId == null && source == UserSource.DIRECTORY;
        }

        /** Whether the password is the directory's to check (by {@link #username}) rather than {@link #passwordHash}'s. */
        public boolean fromDirectory() {
            return source == UserSource.DIRECTORY;
        }

        /** Whether the attempt came from one of the user's trusted devices (and counted against its budget). */
        public boolean fromTrustedDevice() {
            return deviceId.isPresent();
        }

        public boolean needsPasswordCheck() {
            return decided.isEmpty();
        }
    }
}
