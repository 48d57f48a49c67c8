package dev.gatehouse.account;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.factor.SecondFactors.Enrolment;
import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.session.RecentAuthentication;
import dev.gatehouse.session.SecondFactorPolicy;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.SignInAttempts.CodeCheck;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * A signed-in user's own second factors: add an authenticator app, replace the recovery codes, remove the app. Each
 * change is audited in its transaction and needs a recent proof (sudo mode, {@link RecentAuthentication}): a stolen
 * session cookie alone cannot add the thief's app, nor replace or remove the owner's. A wrong code while adding one
 * counts toward the lockout, like at sign-in.
 */
@ApplicationScoped
@Transactional
public class AccountFactors {

    @Inject
    SecondFactors factors;

    @Inject
    SecondFactorPolicy policy;

    @Inject
    SignInAttempts attempts;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SessionService sessions;

    /** What the account page shows. */
    public record Overview(
            boolean available,
            SecondFactors.State state,
            Optional<Enrolment> enrolment,
            long recoveryCodesLeft,
            List<SecondFactors.RecoveryUse> recoveryUses,
            boolean required) {}

    public Overview overview(ValidSession caller) {
        User user = users.find(caller.userId()).orElseThrow();
        return new Overview(
                factors.available(),
                factors.stateOf(caller.userId()),
                factors.pendingEnrolment(caller.userId(), caller.username()),
                factors.recoveryCodesLeft(caller.userId()),
                factors.recentRecoveryUses(caller.userId(), 5),
                policy.requiresFactor(user));
    }

    /**
     * Starts adding an authenticator app (a new secret each time). @return the enrolment, or empty when the caller
     * already has one or no key is configured (the page offers neither; a forged post gets nothing)
     */
    @RecentAuthentication(enrolment = true)
    public Optional<Enrolment> startEnrolment(ValidSession caller) {
        return factors.startEnrolment(caller.userId(), caller.username());
    }

    /** An authenticator just added: the recovery codes to show once, and the session's new token. */
    public record Enrolled(List<String> recoveryCodes, String newToken) {}

    /**
     * Confirms the app with its first code; the session now counts as having proved it and gets a new token (it
     * may have been held to enrolment: a token seen before must not come out of it with more power).
     *
     * @return the recovery codes and new token, or empty when the code was wrong (counted toward the lockout),
     *     the account is locked or the session ended meanwhile
     */
    @RecentAuthentication(enrolment = true)
    public Optional<Enrolled> confirmEnrolment(
            ValidSession caller, String callerToken, String code, String ip, Optional<String> deviceToken) {
        @SuppressWarnings("unchecked")
        List<String>[] codes = new List[1];
        CodeCheck check = attempts.checkCode(
                caller.userId(),
                deviceToken.filter(OpaqueTokens::isWellFormed).map(OpaqueTokens::digest),
                () -> true,
                user -> {
                    codes[0] = factors.confirmEnrolment(user.id(), code).orElse(null);
                    return codes[0] != null;
                });
        Actor actor = caller.actor(ip);
        if (!check.result().succeeded()) {
            audit.record(
                    AuditEventType.SIGN_IN_FAILED,
                    actor.party(),
                    actor.party(),
                    caller.sessionId(),
                    ip,
                    "wrong code while adding an authenticator");
            return Optional.empty();
        }
        audit.record(
                AuditEventType.SECOND_FACTOR_ENROLLED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                "authenticator app, from the account page");
        sessions.secondFactorProved(caller.sessionId(), caller.userId(), SecondFactors.Proof.Kind.TOTP);
        return sessions.rotate(callerToken).map(token -> new Enrolled(codes[0], token));
    }

    /** Replaces every recovery code with a new set, shown once; none for a caller without an authenticator. */
    @RecentAuthentication
    public List<String> regenerateRecoveryCodes(ValidSession caller, String ip) {
        if (factors.stateOf(caller.userId()) != SecondFactors.State.TOTP) {
            return List.of();
        }
        List<String> codes = factors.regenerateRecoveryCodes(caller.userId());
        Actor actor = caller.actor(ip);
        audit.record(
                AuditEventType.RECOVERY_CODES_REGENERATED, actor.party(), actor.party(), caller.sessionId(), ip, null);
        return codes;
    }

    /**
     * Removes the caller's authenticator and recovery codes, unless one of their roles requires a second factor.
     *
     * @return whether it was removed
     */
    @RecentAuthentication
    public boolean remove(ValidSession caller, String ip) {
        User user = users.find(caller.userId()).orElseThrow();
        if (policy.requiresFactor(user)) {
            return false;
        }
        boolean removed = factors.removeAll(caller.userId());
        sessions.secondFactorRemoved(caller.userId());
        if (removed) {
            Actor actor = caller.actor(ip);
            audit.record(
                    AuditEventType.SECOND_FACTOR_REMOVED, actor.party(), actor.party(), caller.sessionId(), ip, null);
        }
        return removed;
    }
}
