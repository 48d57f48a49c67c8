package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The whole session lifecycle: sign in (create), validate, sign out (invalidate). Every invalid case, whether
 * unknown, malformed, expired or belonging to a disabled user, comes back as the same empty answer.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

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
        return users.authenticate(username, password).map(user -> create(user, client));
    }

    /** Starts a session for an already authenticated user; the raw token is returned once and never stored. */
    public NewSession create(User user, ClientInfo client) {
        String token = SessionToken.generate();
        AuthSession session = AuthSession.start(user, SessionToken.digest(token), clock.instant(),
                settings.idleTimeout(), settings.absoluteLifetime(), client);
        em.persist(session);
        return new NewSession(token, ValidSession.of(session));
    }

    /**
     * Returns the live session for a raw token, renewing its idle expiry at most once per renewal interval.
     * Expired sessions and sessions of disabled users are deleted on the spot.
     */
    public Optional<ValidSession> validate(String rawToken) {
        if (!SessionToken.isWellFormed(rawToken)) {
            return Optional.empty();
        }
        Optional<AuthSession> found = em.createNamedQuery(AuthSession.FIND_BY_TOKEN_HASH, AuthSession.class)
                .setParameter("tokenHash", SessionToken.digest(rawToken))
                .getResultStream()
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AuthSession session = found.get();
        Instant now = clock.instant();
        if (session.isExpiredAt(now) || !session.user().isEnabled()) {
            em.remove(session);
            return Optional.empty();
        }
        if (session.isDueForRenewalAt(now, settings.renewalInterval())) {
            session.renewAt(now, settings.idleTimeout());
        }
        return Optional.of(ValidSession.of(session));
    }

    /** Ends the session a raw token belongs to, if there is one; its row is gone when this returns. */
    public void invalidate(String rawToken) {
        if (SessionToken.isWellFormed(rawToken)) {
            em.createNamedQuery(AuthSession.DELETE_BY_TOKEN_HASH)
                    .setParameter("tokenHash", SessionToken.digest(rawToken))
                    .executeUpdate();
        }
    }
}
