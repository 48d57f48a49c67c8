package dev.gatehouse.session;

import dev.gatehouse.directory.Directory;
import dev.gatehouse.directory.DirectoryAccount;
import dev.gatehouse.directory.DirectorySignIn;
import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.Authentication.Outcome;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.SignInAttempts.Reservation;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import dev.gatehouse.user.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in: credentials in, session out; the outcome is audited and counted by {@link SignInCompletion}. Deliberately
 * not transactional: the attempt is reserved and concluded in two short transactions ({@link SignInAttempts}) and
 * the password check in between (the Argon2id hash of a local account, or the bind of a directory user) runs with
 * no transaction and no database connection held, so a flood of sign-ins waiting for hashing slots or a slow
 * directory cannot empty the connection pool that signed-in users' requests need.
 *
 * <p>A username that is a local account is checked here and never in the directory, so the break-glass
 * {@code admin} works while the directory is down; any other username goes to the directory when one is configured.
 */
@ApplicationScoped
public class SignInService {

    private static final System.Logger LOG = System.getLogger(SignInService.class.getName());

    @Inject
    SignInAttempts attempts;

    @Inject
    PasswordHasher hasher;

    @Inject
    UserService users;

    @Inject
    SessionService sessions;

    @Inject
    SignInCompletion completion;

    @Inject
    Directory directory;

    @Inject
    DirectorySync directoryUsers;

    @Inject
    SecondFactorPolicy policy;

    /**
     * Checks the credentials and, if they are right, starts a new session. A session the browser still held is
     * ended first, so a sign-in never keeps a token that existed before it (no fixation). Unknown users and locked
     * accounts take as long as a wrong password; every failure comes back as the same empty answer.
     *
     * A browser that presents a device cookie of this user ({@code deviceToken}) is held to that device's own
     * failure budget, not to the account's lock; a successful sign-in makes the browser a trusted device.
     *
     * When the user has a second factor (or must enrol one), no session starts yet: the result is the pending state
     * of {@link TwoStepSignIn}, which remembers {@code returnTo} for after the second step.
     *
     * @return the new session (and a new device cookie, if one is due) or the second step that is due, or empty
     *     when the credentials are wrong
     * @throws HashingBusyException when no hashing slot freed up in time (the attempt is not counted)
     * @throws DirectoryUnavailableException when the password is the directory's to check and no directory server
     *     answered in time (the attempt is not counted)
     */
    public Optional<Result> signIn(
            String username,
            String password,
            ClientInfo client,
            Optional<String> previousToken,
            Optional<String> deviceToken,
            Optional<String> returnTo)
            throws DirectoryUnavailableException {
        previousToken.ifPresent(sessions::invalidate);
        Optional<byte[]> deviceHash =
                deviceToken.filter(OpaqueTokens::isWellFormed).map(OpaqueTokens::digest);
        Reservation reservation = attempts.reserve(username, password, deviceHash);
        if (reservation.decided().equals(Optional.of(Outcome.UNKNOWN_USER))
                && directory.isEnabled()
                && Usernames.isPlausible(username)) {
            // no account here: the directory may know the name; the attempt counts against the name itself
            reservation = reserveUnprovisioned(Usernames.normalise(username));
        }
        Authentication result;
        if (reservation.needsPasswordCheck()) {
            if (reservation.unprovisioned()) {
                result = firstDirectorySignIn(reservation, password);
            } else if (reservation.fromDirectory()) {
                result = checkInDirectory(reservation, password);
            } else {
                result = checkHash(reservation, password);
            }
        } else {
            Outcome outcome = reservation.decided().orElseThrow();
            if (outcome == Outcome.UNKNOWN_USER) {
                hasher.verifyAgainstDummy(password);
            } else if (outcome == Outcome.LOCKED) {
                hasher.waitLikeAVerification();
            }
            User user = reservation.userId() == null
                    ? null
                    : users.find(reservation.userId()).orElse(null);
            result = Authentication.failed(outcome, user);
        }
        return completion.completeSignIn(
                result,
                username,
                client,
                result.outcome() == Outcome.WRONG_PASSWORD
                        && reservation.lockedByThisAttempt()
                        && !reservation.fromTrustedDevice(),
                returnTo,
                deviceHash);
    }

    /** A right password: signed in, or a second step due. */
    public sealed interface Result {}

    /**
     * Signed in: the session, the token of a new device cookie when the browser needs one, and the recovery codes
     * used since the user last signed in (to tell them).
     */
    public record SignedIn(
            NewSession session, Optional<String> newDeviceToken, List<SecondFactors.RecoveryUse> recoveryNotices)
            implements Result {}

    /** The password was right; {@code pendingToken} carries the user to the second step ({@code purpose}). */
    public record SecondStepDue(String pendingToken, PendingSignIn.Purpose purpose) implements Result {}

    private Authentication checkHash(Reservation reservation, String password) {
        boolean right;
        Optional<String> stronger = Optional.empty();
        try {
            right = hasher.verify(reservation.passwordHash(), password);
            if (right && hasher.needsRehash(reservation.passwordHash())) {
                stronger = Optional.of(hasher.hash(password));
            }
        } catch (HashingBusyException busy) {
            attempts.release(reservation);
            throw busy;
        }
        return attempts.conclude(reservation, right, stronger, this::passwordCompletesSignIn);
    }

    /**
     * A known directory user: the directory checks the password, Gatehouse's lockout counts the failures (so
     * guessing through Gatehouse locks here before it can lock the account in the directory).
     */
    private Authentication checkInDirectory(Reservation reservation, String password)
            throws DirectoryUnavailableException {
        if (!directory.isEnabled()) {
            // the directory was configured when this user signed in first, and is not any more
            attempts.release(reservation);
            return Authentication.failed(
                    Outcome.DIRECTORY_DISABLED, users.find(reservation.userId()).orElse(null));
        }
        DirectorySignIn answer;
        try {
            answer = directory.authenticate(reservation.username(), password);
        } catch (DirectoryUnavailableException | RuntimeException e) {
            attempts.release(reservation);
            throw e;
        }
        Authentication concluded = attempts.conclude(
                reservation, answer.account().isPresent(), Optional.empty(), this::passwordCompletesSignIn);
        if (!concluded.succeeded()) {
            hasher.waitLikeAVerification(); // a wrong password answers no sooner than a local account's
            return concluded;
        }
        return takeOver(reservation.username(), answer.account().orElseThrow());
    }

    /**
     * A username with no account here: the directory decides, and a right password provisions the user. Every
     * failure takes at least as long as a local account's wrong password, so the answer's timing does not tell
     * which names the directory knows.
     */
    private Authentication firstDirectorySignIn(Reservation reservation, String password)
            throws DirectoryUnavailableException {
        DirectorySignIn answer;
        try {
            answer = directory.authenticate(reservation.username(), password);
        } catch (DirectoryUnavailableException | RuntimeException e) {
            attempts.concludeUnprovisioned(reservation, Optional.empty());
            throw e;
        }
        boolean right = answer.outcome() == DirectorySignIn.Outcome.SUCCEEDED;
        attempts.concludeUnprovisioned(reservation, Optional.of(right));
        Authentication result = right
                ? takeOver(reservation.username(), answer.account().orElseThrow())
                : Authentication.failed(
                        answer.outcome() == DirectorySignIn.Outcome.NOT_FOUND
                                ? Outcome.UNKNOWN_USER
                                : Outcome.WRONG_PASSWORD,
                        null);
        if (!result.succeeded()) {
            hasher.waitLikeAVerification();
        }
        return result;
    }

    /** Whether a right password signs this user in by itself, so earlier failures may be forgotten now. */
    private boolean passwordCompletesSignIn(User user) {
        return policy.stepAfterPassword(user).isEmpty();
    }

    /** Two first attempts under one name at once: one insert of its failure row loses, and its retry finds the row. */
    private Reservation reserveUnprovisioned(String username) {
        try {
            return attempts.reserveUnprovisioned(username);
        } catch (PersistenceException | TransactionalException raced) {
            return attempts.reserveUnprovisioned(username);
        }
    }

    /** The password was right: the directory's name and roles become Gatehouse's, if the account may sign in. */
    private Authentication takeOver(String username, DirectoryAccount account) {
        Optional<User> user = provision(username, account);
        if (account.disabled()) {
            return Authentication.failed(Outcome.DIRECTORY_DISABLED, user.orElse(null));
        }
        if (account.roles().isEmpty()) {
            return Authentication.failed(Outcome.NO_ROLE, user.orElse(null));
        }
        return user.map(Authentication::succeeded).orElseGet(() -> Authentication.failed(Outcome.UNKNOWN_USER, null));
    }

    /**
     * Two first sign-ins of one user at once both insert; the loser's retry finds the winner's row. An insert that
     * fails again (another spelling of the name already holds this directory entry) provisions nobody.
     */
    private Optional<User> provision(String username, DirectoryAccount account) {
        try {
            return directoryUsers.signedIn(username, account);
        } catch (PersistenceException | TransactionalException raced) {
            try {
                return directoryUsers.signedIn(username, account);
            } catch (PersistenceException | TransactionalException again) {
                LOG.log(Level.WARNING, "Could not provision directory user {0}: {1}", username, again.toString());
                return Optional.empty();
            }
        }
    }
}
