package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A session that passed validation on this request, with its user's current name and roles, and whether a second
 * factor was proved in it (a user whose role requires one is held to enrolment until it was).
 */
public record ValidSession(
        UUID sessionId,
        long userId,
        String username,
        String displayName,
        Set<Role> roles,
        Instant createdAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        Optional<SecondFactors.Proof.Kind> secondFactor) {

    public ValidSession {
        roles = Set.copyOf(roles);
    }

    /** Whether a second factor (of any kind) was proved in this session. */
    public boolean secondFactorProved() {
        return secondFactor.isPresent();
    }

    static ValidSession of(AuthSession session) {
        var user = session.user();
        return new ValidSession(
                session.id(),
                user.id(),
                user.username(),
                user.displayName(),
                user.roles(),
                session.createdAt(),
                session.idleExpiresAt(),
                session.absoluteExpiresAt(),
                session.proofs().secondFactor());
    }

    /** The holder of this session as the actor of a change made from {@code ip}, for the audit trail. */
    public Actor actor(String ip) {
        return Actor.user(userId, username, sessionId, ip);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
