package dev.gatehouse.session;

import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.SignInAttempts.Reservation;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Sign-in: credentials in, session out; the outcome is audited and counted by {@link SignInCompletion}. Deliberately
 * not transactional: the attempt is reserved and concluded in
 * two short transactions ({@link SignInAttempts}) and the Argon2id hash in between runs with no transaction and
 * no database connection held, so a flood of sign-ins waiting for hashing slots cannot empty the connection pool
 * that signed-in users' requests need.
 */
@ApplicationScoped
public class SignInService {

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

    /**
     * Checks the credentials and, if they are right, starts a new session. A session the browser still held is
     * ended first, so a sign-in never keeps a token that existed before it (no fixation). Unknown users and locked
     * accounts take as long as a wrong password; every failure comes back as the same empty answer.
     *
     * A browser that presents a device cookie of this user ({@code deviceToken}) is held to that device's own
     * failure budget, not to the account's lock; a successful sign-in makes the browser a trusted device.
     *
     * @return the new session (and a new device cookie, if one is due), or empty when the credentials are wrong
     * @throws HashingBusyException when no hashing slot freed up in time (the attempt is not counted)
     */
    public Optional<SignedIn> signIn(
            String username,
            String password,
            ClientInfo client,
            Optional<String> previousToken,
            Optional<String> deviceToken) {
        previousToken.ifPresent(sessions::invalidate);
        Optional<byte[]> deviceHash =
                deviceToken.filter(OpaqueTokens::isWellFormed).map(OpaqueTokens::digest);
        Reservation reservation = attempts.reserve(username, password, deviceHash);
        Authentication result;
        if (reservation.needsPasswordCheck()) {
            result = check(reservation, password);
        } else {
            Authentication.Outcome outcome = reservation.decided().orElseThrow();
            if (outcome == Authentication.Outcome.UNKNOWN_USER) {
                hasher.verifyAgainstDummy(password);
            } else if (outcome == Authentication.Outcome.LOCKED) {
                hasher.waitLikeAVerification();
            }
            User user = reservation.userId() == null
                    ? null
                    : users.find(reservation.userId()).orElse(null);
            result = Authentication.failed(outcome, user);
        }
        Optional<NewSession> session = completion.completeSignIn(
                result,
                username,
                client,
                result.outcome() == Authentication.Outcome.WRONG_PASSWORD
                        && reservation.lockedByThisAttempt()
                        && !reservation.fromTrustedDevice());
        return session.map(s -> new SignedIn(s, attempts.trustDevice(s.session().userId(), deviceHash)));
    }

    /** A successful sign-in: the session, and the token of a new device cookie when the browser needs one. */
    public record SignedIn(NewSession session, Optional<String> newDeviceToken) {}

    private Authentication check(Reservation reservation, String password) {
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
        return attempts.conclude(reservation, right, stronger);
    }
}
