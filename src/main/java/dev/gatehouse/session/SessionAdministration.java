package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.persistence.Page;
import dev.gatehouse.security.Roles;
import dev.gatehouse.user.UserService;
import dev.gatehouse.user.Usernames;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What administrators see of and do to everyone's sessions: list, count, end. Every method needs the admin role
 * ({@link RolesAllowed}, checked before any data is read), whatever page or filter called it.
 */
@ApplicationScoped
@Transactional
@RolesAllowed(Roles.ADMIN)
public class SessionAdministration {

    @Inject
    SessionRepository repository;

    @Inject
    SessionService sessions;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SessionChanges changes;

    @Inject
    Clock clock;

    /** A page of live sessions for the admin list; usernames are matched by normalised prefix. */
    public Page<SessionSummary> list(SessionQuery query) {
        SessionQuery normalised = new SessionQuery(
                query.usernamePrefix().map(Usernames::normalise).filter(p -> !p.isEmpty()),
                query.ip().map(String::strip).filter(ip -> !ip.isEmpty()),
                query.sort(),
                query.descending(),
                query.page(),
                query.size());
        return repository.list(normalised, clock.instant());
    }

    /** A user's live sessions, most recently seen first (at most {@value SessionRepository#MAX_LISTED_PER_USER}). */
    public List<SessionSummary> listForUser(long userId) {
        return repository.listForUser(userId, clock.instant());
    }

    /** Live sessions and distinct users right now. */
    public SessionStatistics statistics() {
        return repository.statistics(clock.instant());
    }

    /** Ends one session by its surrogate id. @return whether there was such a session */
    public boolean revoke(UUID sessionId, Actor actor) {
        Optional<AuthSession> session = repository.findByIdWithUser(sessionId);
        session.ifPresent(s -> sessions.endOne(s, actor));
        return session.isPresent();
    }

    /** Ends every session of a user. @return how many ended */
    @RecentAuthentication
    public int revokeAllFor(long userId, Actor actor) {
        return users.find(userId)
                .map(user -> sessions.endAllOf(user, actor, Optional.empty()))
                .orElse(0);
    }

    /** Ends every session in the system except {@code keep}: the administrator's own. @return how many ended */
    @RecentAuthentication
    public int revokeAllOthers(UUID keep, Actor actor) {
        repository.deleteAllPendingSignIns(); // "end everything" also ends sign-ins half done
        int ended = repository.deleteAllExcept(keep);
        changes.everythingChanged();
        audit.record(
                AuditEventType.SESSION_ENDED,
                actor.party(),
                null,
                keep,
                actor.ip(),
                "all " + ended + " session(s) of all users except the actor's own");
        return ended;
    }
}
