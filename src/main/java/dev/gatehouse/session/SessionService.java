package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import dev.gatehouse.user.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The session lifecycle as its holder sees it: sign in (create), validate, rotate, sign out, and ending one's own
 * other sessions. Every invalid case, whether unknown, malformed, expired or belonging to a disabled user, comes
 * back as the same empty answer. Each change is audited in its own transaction. What administrators do to
 * everyone's sessions is in {@link SessionAdministration}.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    public static final int MAX_SESSIONS_LISTED_PER_USER = 200;

    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

    @Inject
    SessionRepository repository;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SessionChanges changes;

    @Inject
    SessionMetrics metrics;

    @Inject
    OutageCache outageCache;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /**
     * Records the outcome of a sign-in (audit and metrics) and, if it succeeded, starts the session, all in one
     * transaction. The password was checked before, outside any transaction (see {@link SignInService}).
     *
     * @return the new session with its raw token, or empty when the sign-in failed for any reason
     */
    public Optional<NewSession> completeSignIn(Authentication result, String typedUsername, ClientInfo client,
            boolean lockedByThisAttempt) {
        auditSignIn(result, typedUsername, client, lockedByThisAttempt);
        metrics.signIn(result.outcome());
        if (!result.succeeded()) {
            return Optional.empty();
        }
        User user = users.find(result.user().orElseThrow().id()).orElseThrow();
        NewSession session = create(user, client);
        audit.record(AuditEventType.SIGN_IN_SUCCEEDED, party(user), party(user), session.session().sessionId(),
                client.ip(), client.userAgent());
        return Optional.of(session);
    }

    /**
     * Starts a session for an already authenticated user; the raw token is returned once and never stored.
     * When the user is at the configured session limit, their least recently seen sessions end first.
     */
    public NewSession create(User user, ClientInfo client) {
        enforceSessionLimit(user, client);
        String token = SessionToken.generate();
        AuthSession session = AuthSession.start(user, SessionToken.digest(token), clock.instant(),
                settings.idleTimeout(), settings.absoluteLifetime(), client);
        repository.persist(session);
        return new NewSession(token, ValidSession.of(session));
    }

    /**
     * Returns the live session for a raw token. An active session's idle expiry slides forward, but its row is
     * written at most once per renewal interval. Expired sessions and those of disabled users are deleted.
     */
    public Optional<ValidSession> validate(String rawToken) {
        if (!SessionToken.isWellFormed(rawToken)) {
            return Optional.empty();
        }
        byte[] tokenHash = SessionToken.digest(rawToken);
        List<SessionRow> rows = repository.validationRows(tokenHash);
        if (rows.isEmpty()) {
            outageCache.forgetToken(tokenHash);
            return Optional.empty();
        }
        SessionRow row = rows.get(0);
        Instant now = clock.instant();
        if (AuthSession.isExpired(row.idleExpiresAt(), row.absoluteExpiresAt(), now) || !row.enabled()) {
            repository.deleteById(row.id());
            outageCache.forgetToken(tokenHash);
            return Optional.empty();
        }
        Instant idleExpiresAt = row.idleExpiresAt();
        if (AuthSession.isDueForRenewal(row.lastSeenAt(), settings.renewalInterval(), now)) {
            idleExpiresAt = AuthSession.renewedIdleExpiry(now, settings.idleTimeout(), row.absoluteExpiresAt());
            repository.renew(row.id(), now, idleExpiresAt, now.minus(settings.renewalInterval()));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        rows.stream().map(SessionRow::role).filter(Objects::nonNull).forEach(roles::add);
        ValidSession valid = new ValidSession(row.id(), row.userId(), row.username(), row.displayName(), roles,
                row.createdAt(), idleExpiresAt, row.absoluteExpiresAt());
        outageCache.remember(tokenHash, valid);
        return Optional.of(valid);
    }

    /**
     * The session for a raw token as this node last validated it, for when the database cannot be asked: only
     * within the outage grace after that validation, and never past the session's absolute expiry.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<ValidSession> validateDuringOutage(String rawToken) {
        return SessionToken.isWellFormed(rawToken) ? outageCache.recall(SessionToken.digest(rawToken)) : Optional.empty();
    }

    /**
     * Gives the session behind {@code rawToken} a new token (same session, same expiry), e.g. after a privilege
     * or password change, so a token that may have been seen before the change stops working.
     *
     * @return the new raw token, or empty if the old one no longer names a session
     */
    public Optional<String> rotate(String rawToken) {
        if (!SessionToken.isWellFormed(rawToken)) {
            return Optional.empty();
        }
        String fresh = SessionToken.generate();
        boolean rotated = repository.rotateToken(SessionToken.digest(rawToken), SessionToken.digest(fresh));
        changes.tokenEnded(SessionToken.digest(rawToken));
        return rotated ? Optional.of(fresh) : Optional.empty();
    }

    /** Signs the holder of {@code session} out: its row is gone when this returns. */
    public void signOut(ValidSession session, String rawToken, String ip) {
        invalidate(rawToken);
        Party user = new Party(session.userId(), session.username());
        audit.record(AuditEventType.SIGNED_OUT, user, user, session.sessionId(), ip, null);
    }

    /** Ends the session a raw token belongs to, if there is one (not audited: for replaced cookies). */
    public void invalidate(String rawToken) {
        if (SessionToken.isWellFormed(rawToken)) {
            repository.deleteByTokenHash(SessionToken.digest(rawToken));
            changes.tokenEnded(SessionToken.digest(rawToken));
        }
    }

    /**
     * Ends one of the caller's other sessions; nothing happens if it is someone else's or the caller's current one.
     * The caller is always the session of the request, so no page can end a session it does not own.
     */
    public boolean revokeOwn(ValidSession caller, UUID sessionId, String ip) {
        Optional<AuthSession> session = ownedBy(caller, sessionId);
        session.ifPresent(s -> endOne(s, caller.actor(ip)));
        return session.isPresent();
    }

    /** Whether {@code sessionId} names one of the caller's other sessions (not the current one). */
    public boolean isOtherSessionOf(ValidSession caller, UUID sessionId) {
        return ownedBy(caller, sessionId).isPresent();
    }

    /** Ends every session of the caller's but the current one. @return how many ended */
    public int revokeOthersOf(ValidSession caller, String ip) {
        Actor actor = caller.actor(ip);
        int ended = repository.deleteByUserExcept(caller.userId(), caller.sessionId());
        changes.userChanged(caller.userId());
        audit.record(AuditEventType.SESSION_ENDED, actor.party(), actor.party(), caller.sessionId(), ip,
                "all " + ended + " other session(s)");
        return ended;
    }

    private Optional<AuthSession> ownedBy(ValidSession caller, UUID sessionId) {
        return repository.findByIdWithUser(sessionId)
                .filter(s -> s.user().id() == caller.userId() && !s.id().equals(caller.sessionId()));
    }

    /** How many sessions are live right now (for the metrics gauge; no names, no ids). */
    public long countLive() {
        return repository.statistics(clock.instant()).liveSessions();
    }

    /** The caller's own live sessions, most recently seen first (at most {@value #MAX_SESSIONS_LISTED_PER_USER}). */
    public List<SessionSummary> listOwn(ValidSession caller) {
        return repository.listForUser(caller.userId(), clock.instant(), MAX_SESSIONS_LISTED_PER_USER);
    }

    void endOne(AuthSession session, Actor actor) {
        repository.deleteById(session.id());
        changes.sessionEnded(session.id());
        audit.record(AuditEventType.SESSION_ENDED, actor.party(), party(session.user()), session.id(), actor.ip(), null);
    }

    private void auditSignIn(Authentication result, String typedUsername, ClientInfo client, boolean lockedByThisAttempt) {
        Party subject = result.user().map(SessionService::party).orElseGet(() -> new Party(null,
                Usernames.isPlausible(typedUsername) ? Usernames.normalise(typedUsername) : null));
        switch (result.outcome()) {
            case SUCCEEDED -> { } // recorded with the new session's id
            case LOCKED -> audit.record(AuditEventType.SIGN_IN_REFUSED_LOCKED, null, subject, null, client.ip(), null);
            case DISABLED -> audit.record(AuditEventType.SIGN_IN_REFUSED_DISABLED, null, subject, null, client.ip(), null);
            case WRONG_PASSWORD -> {
                audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "wrong password");
                User user = result.user().orElseThrow();
                if (lockedByThisAttempt) {
                    metrics.lockout();
                    audit.record(AuditEventType.ACCOUNT_LOCKED, null, subject, null, client.ip(),
                            "after " + user.failedLogins() + " failed sign-ins, until " + user.lockedUntil().orElseThrow());
                }
            }
            case UNKNOWN_USER -> audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "unknown user");
            case REFUSED_INPUT -> audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(),
                    "empty or over-long password");
        }
    }

    private void enforceSessionLimit(User user, ClientInfo client) {
        int limit = settings.maxSessionsPerUser();
        if (limit == 0) {
            return;
        }
        repository.lockUser(user);
        Instant now = clock.instant();
        long live = repository.countLiveByUser(user.id(), now);
        if (live < limit) {
            return;
        }
        int excess = (int) Math.min(Integer.MAX_VALUE, live - limit + 1);
        List<UUID> ending = repository.liveIdsByUserLeastRecentlySeen(user.id(), now, excess);
        repository.deleteByIds(ending);
        ending.forEach(changes::sessionEnded);
        for (UUID id : ending.subList(0, Math.min(ending.size(), 100))) {
            audit.record(AuditEventType.SESSION_ENDED, null, party(user), id, client.ip(),
                    "session limit of " + limit + " reached; least recently seen");
        }
        LOG.log(Level.INFO, "User {0} reached the limit of {1} sessions; ended {2} least recently seen",
                user.username(), limit, ending.size());
    }

    static Party party(User user) {
        return new Party(user.id(), user.username());
    }
}
