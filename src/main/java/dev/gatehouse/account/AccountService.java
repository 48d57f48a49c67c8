package dev.gatehouse.account;

import dev.gatehouse.session.SessionService;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.PasswordPolicy;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/** Changes to an account that must also change its sessions, each in one transaction. */
@ApplicationScoped
@Transactional
public class AccountService {

    @Inject
    UserService users;

    @Inject
    SessionService sessions;

    @Inject
    PasswordHasher hasher;

    @Inject
    PasswordPolicy policy;

    @Inject
    Clock clock;

    /** The outcome of a password change. */
    public sealed interface PasswordChange {
        /** Done; the current session now has {@code newToken}, which the caller must hand to the browser. */
        record Changed(String newToken, int otherSessionsEnded) implements PasswordChange {
        }

        /** The current password was wrong (re-authentication failed); nothing changed. */
        record WrongCurrentPassword() implements PasswordChange {
        }

        /** The new password breaks a rule; nothing changed. */
        record Refused(PasswordPolicy.Violation violation) implements PasswordChange {
        }
    }

    /**
     * Changes the signed-in user's password after checking the current one, rotates the current session's
     * token and, if asked, ends every other session of the user.
     */
    public PasswordChange changePassword(ValidSession current, String currentToken, String currentPassword,
            String newPassword, boolean endOtherSessions) {
        User user = users.find(current.userId()).orElseThrow(() -> new IllegalStateException(
                "The session's user " + current.userId() + " vanished while the request was running"));
        if (currentPassword == null || !hasher.verify(user.passwordHash(), currentPassword)) {
            return new PasswordChange.WrongCurrentPassword();
        }
        Optional<PasswordPolicy.Violation> violation = policy.check(user.username(), newPassword);
        if (violation.isPresent()) {
            return new PasswordChange.Refused(violation.get());
        }
        user.changePassword(hasher.hash(newPassword), clock.instant());
        int ended = endOtherSessions ? sessions.revokeAllExcept(user.id(), current.sessionId()) : 0;
        String newToken = sessions.rotate(currentToken).orElseThrow(() -> new IllegalStateException(
                "The current session ended while its password was being changed"));
        return new PasswordChange.Changed(newToken, ended);
    }

    /**
     * Disables or enables an account. Disabling ends every session of the user in the same transaction, so the
     * very next request of any of them is refused.
     *
     * @return whether the user exists
     */
    public boolean setEnabled(long userId, boolean enabled) {
        Optional<User> user = users.find(userId);
        user.ifPresent(u -> {
            u.setEnabled(enabled);
            if (!enabled) {
                sessions.revokeAllFor(userId);
            }
        });
        return user.isPresent();
    }
}
