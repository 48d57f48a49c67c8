package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole session lifecycle: sign in (create), validate, rotate, revoke. Every invalid case, whether unknown,
 * malformed, expired or belonging to a disabled user, comes back as the same empty answer.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

    @Inject
    SessionRepository repository;

    @Inject
    UserService users;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /**
     * Checks the credentials and, if they are right, starts a new session. A session the browser still held is
     * ended first, so a sign-in never keeps a token that existed before it (no fixation).
     *
     * @return the new session with its raw token, or empty when the credentials are wrong for any reason
     */
    public Optional<NewSession> signIn(String username, String password, ClientInfo client,
            Optional<String> previousToken) {
        previousToken.ifPresent(this::invalidate);
        Authentication result = users.authenticate(username, password);
        if (!result.succeeded()) {
            LOG.log(Level.DEBUG, "Sign-in refused: {0}", result.outcome());
            return Optional.empty();
        }
        return Optional.of(create(result.user().orElseThrow(), client));
    }

    /**
     * Starts a session for an already authenticated user; the raw token is returned once and never stored.
     * When the user is at the configured session limit, their least recently seen sessions end first.
     */
    public NewSession create(User user, ClientInfo client) {
        enforceSessionLimit(user);
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
        Optional<AuthSession> found = repository.findByTokenHash(SessionToken.digest(rawToken));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AuthSession session = found.get();
        Instant now = clock.instant();
        if (session.isExpiredAt(now) || !session.user().isEnabled()) {
            repository.deleteById(session.id());
            return Optional.empty();
        }
        if (session.isDueForRenewalAt(now, settings.renewalInterval())) {
            session.renewAt(now, settings.idleTimeout());
            repository.renew(session.id(), now, session.idleExpiresAt(), now.minus(settings.renewalInterval()));
        }
        return Optional.of(ValidSession.of(session));
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
        return rotated ? Optional.of(fresh) : Optional.empty();
    }

    /** Ends the session a raw token belongs to, if there is one; its row is gone when this returns. */
    public void invalidate(String rawToken) {
        if (SessionToken.isWellFormed(rawToken)) {
            repository.deleteByTokenHash(SessionToken.digest(rawToken));
        }
    }

    /** Ends one session by its surrogate id. @return whether there was such a session */
    public boolean revoke(UUID sessionId) {
        return repository.deleteById(sessionId) == 1;
    }

    /** Ends every session of a user. @return how many ended */
    public int revokeAllFor(long userId) {
        return repository.deleteByUser(userId);
    }

    /** Ends every session of a user but one (typically the one making the request). @return how many ended */
    public int revokeAllExcept(long userId, UUID keep) {
        return repository.deleteByUserExcept(userId, keep);
    }

    private void enforceSessionLimit(User user) {
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
        LOG.log(Level.INFO, "User {0} reached the limit of {1} sessions; ended {2} least recently seen: {3}",
                user.username(), limit, ending.size(), ending.size() <= 10 ? ending : ending.subList(0, 10) + "...");
    }
}
