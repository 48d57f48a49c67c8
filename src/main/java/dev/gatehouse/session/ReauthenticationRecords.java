package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors.Proof;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The transactional halves of {@link Reauthentication}: reading and recording a session's proofs, with the audit. */
@ApplicationScoped
@Transactional
public class ReauthenticationRecords {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    SessionService sessions;

    @Inject
    SessionRepository repository;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SessionMetrics metrics;

    @Inject
    SecondFactorPolicy policy;

    /**
     * A session's proofs, whether its user has a role that requires a second factor, and whether that must be a
     * passkey.
     */
    public record SessionProofs(Proofs proofs, boolean requiresFactor, boolean requiresPasskey) {}

    /** The proofs of a live session of {@code userId}; empty for another user's session or one that ended. */
    public Optional<SessionProofs> proofsOf(UUID sessionId, long userId) {
        return Optional.ofNullable(em.find(AuthSession.class, sessionId))
                .filter(session -> session.user().id() == userId)
                .map(session -> new SessionProofs(
                        session.proofs(),
                        policy.requiresFactor(session.user()),
                        policy.requiresPasskey(session.user().roles())));
    }

    /** Records the new proofs on the caller's session and rotates its token. @return the new token */
    Optional<String> proved(ValidSession caller, String rawToken, Proofs proofs, Optional<Proof> proof, String ip) {
        // proofs first, then the new token: both bulk updates, so neither overwrites the other's column
        if (!repository.recordProofs(caller.sessionId(), proofs)) {
            return Optional.empty(); // ended meanwhile (by an administrator, say)
        }
        Optional<String> newToken = sessions.rotate(rawToken);
        if (newToken.isEmpty()) {
            return Optional.empty();
        }
        Actor actor = caller.actor(ip);
        if (proof.filter(p -> p.kind() == Proof.Kind.RECOVERY_CODE).isPresent()) {
            audit.record(
                    AuditEventType.RECOVERY_CODE_USED,
                    actor.party(),
                    actor.party(),
                    caller.sessionId(),
                    ip,
                    "to re-authenticate; " + proof.get().recoveryCodesLeft() + " left");
        }
        audit.record(
                AuditEventType.REAUTHENTICATED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                proofs.secondFactor()
                        .map(kind -> "password and "
                                + kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .orElse("password"));
        return newToken;
    }

    /** Audits a passkey whose counter went back (see {@link AuditEventType#PASSKEY_CLONE_SUSPECTED}). */
    void cloneSuspected(ValidSession caller, String ip, PasskeyFactors.Verification.Refused refused) {
        Actor actor = caller.actor(ip);
        audit.record(
                AuditEventType.PASSKEY_CLONE_SUSPECTED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                "passkey \"" + refused.name().orElse("?") + "\", to re-authenticate");
    }

    /** Audits a refused re-authentication (and the lock it set, if it set one). */
    void failed(ValidSession caller, String ip, Authentication.Outcome outcome, boolean lockedByThisAttempt) {
        Actor actor = caller.actor(ip);
        audit.record(
                AuditEventType.REAUTHENTICATION_FAILED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (lockedByThisAttempt) {
            metrics.lockout();
            User user = users.find(caller.userId()).orElseThrow();
            audit.record(
                    AuditEventType.ACCOUNT_LOCKED,
                    null,
                    actor.party(),
                    caller.sessionId(),
                    ip,
                    "after " + user.failedLogins() + " failed attempts, until "
                            + user.lockedUntil().orElse(null));
        }
    }
}
