package dev.gatehouse.account;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
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

/** What signed-in users change about their own account, each change in one transaction with its audit entry. */
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
    AuditLog audit;

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
            String newPassword, boolean endOtherSessions, String ip) {
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
        Actor actor = Actor.of(current, ip);
        audit.record(AuditEventType.PASSWORD_CHANGED, actor.party(), actor.party(), current.sessionId(), ip, null);
        int ended = endOtherSessions ? sessions.revokeOthersOf(current, ip) : 0;
        String newToken = sessions.rotate(currentToken).orElseThrow(() -> new IllegalStateException(
                "The current session ended while its password was being changed"));
        return new PasswordChange.Changed(newToken, ended);
    }
}
