package dev.gatehouse.account;

import dev.gatehouse.account.AccountService.PasswordChange;
import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.session.OwnSessions;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;

/** The transactional halves of {@link AccountService}: each change of the caller's own account with its audit entry. */
@ApplicationScoped
@Transactional
public class AccountChanges {

    @Inject
    UserService users;

    @Inject
    SessionService sessions;

    @Inject
    OwnSessions ownSessions;

    @Inject
    AuditLog audit;

    @Inject
    SignInAttempts attempts;

    @Inject
    Clock clock;

    /** Stores the new hash, rotates the caller's token and optionally ends the caller's other sessions. */
    public PasswordChange applyPasswordChange(
            ValidSession caller, String callerToken, String newHash, boolean endOtherSessions, String ip) {
        User user = users.find(caller.userId())
                .orElseThrow(() -> new IllegalStateException(
                        "The session's user " + caller.userId() + " vanished while the request was running"));
        user.changePassword(newHash, clock.instant());
        attempts.forgetDevicesOf(user.id()); // this browser earns its trust again at its next sign-in
        sessions.forgetPendingSignIns(user); // an old password's first step finishes nothing
        Actor actor = caller.actor(ip);
        audit.record(AuditEventType.PASSWORD_CHANGED, actor.party(), actor.party(), caller.sessionId(), ip, null);
        int ended = endOtherSessions ? ownSessions.revokeOthers(caller, ip) : 0;
        String newToken = sessions.rotate(callerToken)
                .orElseThrow(() ->
                        new IllegalStateException("The current session ended while its password was being changed"));
        return new PasswordChange.Changed(newToken, ended);
    }

    /** Audits a failed re-authentication on the password page. */
    public void recordWrongCurrentPassword(ValidSession caller, String ip, String reason) {
        Actor actor = caller.actor(ip);
        audit.record(
                AuditEventType.PASSWORD_CHANGE_FAILED, actor.party(), actor.party(), caller.sessionId(), ip, reason);
    }
}
