package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What signed-in users see of and do to their own sessions: list them, end one or all of the others. The caller
 * is always the session of the request, and every method checks ownership itself, so no page can reach a
 * session its user does not own.
 */
@ApplicationScoped
@Transactional
public class OwnSessions {

    @Inject
    SessionRepository repository;

    @Inject
    SessionService sessions;

    @Inject
    AuditLog audit;

    @Inject
    SessionChanges changes;

    @Inject
    Clock clock;

    /**
     * The caller's own live sessions, most recently seen first (at most {@value
     * SessionRepository#MAX_LISTED_PER_USER}).
     */
    public List<SessionSummary> list(ValidSession caller) {
        return repository.listForUser(caller.userId(), clock.instant());
    }

    /** Whether {@code sessionId} names one of the caller's other sessions (not the current one). */
    public boolean isOtherSessionOf(ValidSession caller, UUID sessionId) {
        return ownedBy(caller, sessionId).isPresent();
    }

    /**
     * Ends one of the caller's other sessions; nothing happens if it is someone else's or the caller's current one.
     * @return whether a session ended
     */
    public boolean revoke(ValidSession caller, UUID sessionId, String ip) {
        Optional<AuthSession> session = ownedBy(caller, sessionId);
        session.ifPresent(s -> sessions.endOne(s, caller.actor(ip)));
        return session.isPresent();
    }

    /** Ends every session of the caller's but the current one. @return how many ended */
    public int revokeOthers(ValidSession caller, String ip) {
        Actor actor = caller.actor(ip);
        int ended = repository.deleteByUserExcept(caller.userId(), caller.sessionId());
        if (ended > 0) {
            changes.userChanged(caller.userId()); // every node forgets them; with none ended there is no news
        }
        audit.record(
                AuditEventType.SESSION_ENDED,
                actor.party(),
                actor.party(),
                caller.sessionId(),
                ip,
                "all " + ended + " other session(s)");
        return ended;
    }

    private Optional<AuthSession> ownedBy(ValidSession caller, UUID sessionId) {
        return repository
                .findByIdWithUser(sessionId)
                .filter(s -> s.user().id() == caller.userId() && !s.id().equals(caller.sessionId()));
    }
}
