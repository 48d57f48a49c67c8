package dev.gatehouse.account;

import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.session.RecentAuthentication;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.PasswordPolicy;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.SignInAttempts.Reservation;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * What signed-in users change about their own account. Like sign-in, not transactional itself: the current
 * password is checked through {@link SignInAttempts} (so wrong ones count toward the lockout) with hashing outside
 * any transaction, and the change is then applied in one transaction with its audit entry ({@link AccountChanges}).
 */
@ApplicationScoped
public class AccountService {

    @Inject
    SignInAttempts attempts;

    @Inject
    PasswordHasher hasher;

    @Inject
    PasswordPolicy policy;

    @Inject
    AccountChanges changes;

    @Inject
    UserService users;

    /** Whether the caller's password is Gatehouse's to change (a local account), not the directory's. */
    public boolean hasLocalPassword(ValidSession caller) {
        return users.find(caller.userId()).map(user -> !user.isFromDirectory()).orElse(false);
    }

    /** The outcome of a password change. */
    public sealed interface PasswordChange {
        /** Done; the current session now has {@code newToken}, which the caller must hand to the browser. */
        record Changed(String newToken, int otherSessionsEnded) implements PasswordChange {}

        /** The current password was wrong, or the account is locked (re-authentication failed); nothing changed. */
        record WrongCurrentPassword() implements PasswordChange {}

        /** The new password breaks a rule; nothing changed. */
        record Refused(PasswordPolicy.Violation violation) implements PasswordChange {}

        /** The caller is a directory user: their password is changed in the directory, not here. */
        record ManagedByDirectory() implements PasswordChange {}
    }

    /**
     * Changes the caller's password after checking the current one, rotates the current session's token and, if
     * asked, ends every other session of the caller. Each wrong current password is audited and counted toward
     * the account's lockout (or, from a trusted device, toward that device's own budget, so an attacker who keeps
     * the account locked does not keep its owner from changing the password there); over-long input is refused
     * before any hashing.
     *
     * @throws HashingBusyException when no hashing slot freed up in time (nothing is counted or changed)
     */
    @RecentAuthentication
    public PasswordChange changePassword(
            ValidSession caller,
            String callerToken,
            String currentPassword,
            String newPassword,
            boolean endOtherSessions,
            String ip,
            Optional<String> deviceToken) {
        Optional<PasswordPolicy.Violation> violation = policy.check(caller.username(), newPassword);
        Optional<byte[]> deviceHash =
                deviceToken.filter(OpaqueTokens::isWellFormed).map(OpaqueTokens::digest);
        Reservation reservation = attempts.reserve(caller.userId(), currentPassword, deviceHash);
        if (!reservation.needsPasswordCheck()) {
            if (reservation.decided().orElseThrow() == Authentication.Outcome.LOCKED) {
                hasher.waitLikeAVerification();
            }
            changes.recordWrongCurrentPassword(
                    caller, ip, reservation.decided().orElseThrow().name().toLowerCase());
            return new PasswordChange.WrongCurrentPassword();
        }
        if (reservation.fromDirectory()) {
            attempts.release(reservation);
            return new PasswordChange.ManagedByDirectory();
        }
        boolean right;
        try {
            right = hasher.verify(reservation.passwordHash(), currentPassword);
        } catch (HashingBusyException busy) {
            attempts.release(reservation);
            throw busy;
        }
        Authentication result = attempts.conclude(reservation, right, Optional.empty());
        if (!result.succeeded()) {
            changes.recordWrongCurrentPassword(
                    caller, ip, result.outcome().name().toLowerCase());
            return new PasswordChange.WrongCurrentPassword();
        }
        if (violation.isPresent()) {
            return new PasswordChange.Refused(violation.get());
        }
        String newHash = hasher.hash(newPassword);
        return changes.applyPasswordChange(caller, callerToken, newHash, endOtherSessions, ip);
    }
}
