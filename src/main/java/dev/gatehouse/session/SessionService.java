package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
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
 * The session core: create, validate, rotate, end. Every invalid case, whether unknown, malformed, expired or
 * belonging to a disabled user, comes back as the same empty answer. Each change is audited in its own
 * transaction. Signing in is {@link SignInService}; what users do to their own other sessions is
 * {@link OwnSessions}; what administrators do to everyone's is {@link SessionAdministration}.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

    @Inject
    SessionRepository repository;

    @Inject
    AuditLog audit;

    @Inject
    SessionChanges changes;

    @Inject
    SessionCache cache;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /**
     * Starts a session for an already authenticated user; the raw token is returned once and never stored.
     * When the user is at the configured session limit, their least recently seen sessions end first.
     */
    public NewSession create(User user, ClientInfo client, Proofs proofs) {
        enforceSessionLimit(user, client);
        String token = SessionToken.generate();
        AuthSession session = AuthSession.start(
                user,
                SessionToken.digest(token),
                clock.instant(),
                settings.idleTimeout(),
                settings.absoluteLifetime(),
                client,
                proofs);
        repository.persist(session);
        return new NewSession(token, ValidSession.of(session));
    }

    /**
     * Reads the session for a raw token from the database (callers ask {@link SessionValidator}, which answers
     * from the cache when it can). An active session's idle expiry slides forward, but its row is written at most
     * once per renewal interval. Expired sessions and those of disabled users are deleted. What was read is
     * remembered in the {@link SessionCache}.
     */
    public Optional<ValidSession> validate(String rawToken) {
        if (!SessionToken.isWellFormed(rawToken)) {
            return Optional.empty();
        }
        byte[] tokenHash = SessionToken.digest(rawToken);
        long generation = cache.generation();
        List<SessionRow> rows = repository.validationRows(tokenHash);
        if (rows.isEmpty()) {
            cache.discard(tokenHash); // no row, nothing changed: other validations need not start over
            return Optional.empty();
        }
        SessionRow row = rows.get(0);
        Instant now = clock.instant();
        if (AuthSession.isExpired(row.idleExpiresAt(), row.absoluteExpiresAt(), now) || !row.enabled()) {
            repository.deleteById(row.id());
            cache.forgetToken(tokenHash);
            return Optional.empty();
        }
        Instant idleExpiresAt = row.idleExpiresAt();
        boolean renewing = AuthSession.isDueForRenewal(row.lastSeenAt(), settings.renewalInterval(), now);
        if (renewing) {
            idleExpiresAt = AuthSession.renewedIdleExpiry(now, settings.idleTimeout(), row.absoluteExpiresAt());
            repository.renew(row.id(), now, idleExpiresAt, now.minus(settings.renewalInterval()));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        rows.stream().map(SessionRow::role).filter(Objects::nonNull).forEach(roles::add);
        ValidSession valid = new ValidSession(
                row.id(),
                row.userId(),
                row.username(),
                row.displayName(),
                roles,
                row.createdAt(),
                idleExpiresAt,
                row.absoluteExpiresAt(),
                Optional.ofNullable(row.secondFactor()));
        if (!renewing) {
            // a renewal is not cached before it commits: the next request reads the renewed row and caches that
            cache.remember(tokenHash, valid, row.lastSeenAt(), generation);
        }
        return Optional.of(valid);
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

    /** Ends one session, audited as ended by {@code actor}; callers have checked that {@code actor} may. */
    void endOne(AuthSession session, Actor actor) {
        repository.deleteById(session.id());
        changes.sessionEnded(session.id());
        audit.record(
                AuditEventType.SESSION_ENDED, actor.party(), party(session.user()), session.id(), actor.ip(), null);
    }

    /**
     * Ends every session of a user, audited as ended by {@code actor} (with {@code why}, if given); callers have
     * checked that {@code actor} may. @return how many ended
     */
    int endAllOf(User user, Actor actor, Optional<String> why) {
        forgetPendingSignIns(user); // first: it locks the user, so no second step is finishing meanwhile
        int ended = repository.deleteByUser(user.id());
        changes.userChanged(user.id());
        audit.record(
                AuditEventType.SESSION_ENDED,
                actor.party(),
                party(user),
                null,
                actor.ip(),
                "all " + ended + " session(s)"
                        + why.map(reason -> ": " + reason).orElse(""));
        return ended;
    }

    /**
     * Forgets the user's sign-ins that wait for their second step, so a password that was just reset (or an account
     * just disabled, or factors just removed) cannot still finish one. Locks the user's row first: a second step
     * checks its code holding that lock, so one that is finishing now commits its session before this goes on (and
     * the caller's deletion of sessions sees it), and one that starts later finds its pending state gone.
     */
    public void forgetPendingSignIns(User user) {
        repository.lockUser(user);
        repository.deletePendingSignInsOf(user.id());
    }

    /**
     * The user removed their second factor: no session of theirs counts as having proved one any more (a role
     * that requires one, granted later, then holds them to enrolment again, and sudo mode asks for the password).
     */
    public void secondFactorRemoved(long userId) {
        repository.forgetSecondFactorProofs(userId);
        changes.userChanged(userId);
    }

    /** Records a second factor proved now in the session {@code sessionId} (enrolled from the account page). */
    public void secondFactorProved(UUID sessionId, long userId, SecondFactors.Proof.Kind kind) {
        repository
                .findByIdWithUser(sessionId)
                .filter(session -> session.user().id() == userId)
                .ifPresent(session -> {
                    repository.recordSecondFactor(sessionId, kind, clock.instant());
                    changes.sessionEnded(sessionId); // nothing ends: every node re-reads it, with its new proof
                });
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
            audit.record(
                    AuditEventType.SESSION_ENDED,
                    null,
                    party(user),
                    id,
                    client.ip(),
                    "session limit of " + limit + " reached; least recently seen");
        }
        LOG.log(
                Level.INFO,
                "User {0} reached the limit of {1} sessions; ended {2} least recently seen",
                user.username(),
                limit,
                ending.size());
    }

    static Party party(User user) {
        return new Party(user.id(), user.username());
    }
}
