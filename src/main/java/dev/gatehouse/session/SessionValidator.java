package dev.gatehouse.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The check of a session token on every authenticated request. A hit in this node's coherent {@link SessionCache}
 * answers from memory, with no transaction, interceptor or database round trip; anything else goes to
 * {@link SessionService#validate}, which reads the row, renews it when due and remembers the answer. Every
 * invalid case comes back as the same empty answer either way.
 */
@ApplicationScoped
public class SessionValidator {

    @Inject
    SessionCache cache;

    @Inject
    SessionService sessions;

    @Inject
    SessionMetrics metrics;

    /** The live session for a raw token, from the cache when it can be trusted, else from the database. */
    public Optional<ValidSession> validate(String rawToken) {
        if (!SessionToken.isWellFormed(rawToken)) {
            return Optional.empty();
        }
        Optional<ValidSession> hit = cache.hit(SessionToken.digest(rawToken));
        metrics.cacheLookup(hit.isPresent());
        return hit.isPresent() ? hit : sessions.validate(rawToken);
    }

    /**
     * The session for a raw token as this node last validated it, for when the database cannot be asked: only
     * within the outage grace after that validation, and never past the session's idle or absolute expiry.
     */
    public Optional<ValidSession> validateDuringOutage(String rawToken) {
        return SessionToken.isWellFormed(rawToken) ? cache.recall(SessionToken.digest(rawToken)) : Optional.empty();
    }
}
