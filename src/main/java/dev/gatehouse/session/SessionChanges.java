package dev.gatehouse.session;

import dev.gatehouse.config.DatabaseKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Base64;
import java.util.UUID;

/**
 * Tells every node that sessions ended or users changed, so their {@link SessionCache}s forget them (see {@link SessionCache} for why that keeps them coherent). On
 * PostgreSQL the message is a {@code NOTIFY} in the transaction of the change: it is delivered when (and only
 * if) the change commits. This node forgets at once as well.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class SessionChanges {

    /** Also named by the triggers of {@code db/postgresql/V5__notify_user_changes.sql}. */
    public static final String CHANNEL = "gatehouse_sessions";

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    SessionCache cache;

    @Inject
    DatabaseKind database;

    void tokenEnded(byte[] tokenHash) {
        cache.forgetToken(tokenHash);
        announce("h:" + Base64.getEncoder().encodeToString(tokenHash));
    }

    void sessionEnded(UUID sessionId) {
        cache.forgetSession(sessionId);
        announce("s:" + sessionId);
    }

    /** A user's sessions ended, or the user's roles, password or access changed. */
    public void userChanged(long userId) {
        cache.forgetUser(userId);
        announce("u:" + userId);
    }

    void everythingChanged() {
        cache.forgetAll();
        announce("*");
    }

    /** Applies a message from any node (including this one) to the local cache. */
    static void apply(String message, SessionCache cache) {
        try {
            if (message.equals("*")) {
                cache.forgetAll();
            } else if (message.startsWith("h:")) {
                cache.forgetToken(Base64.getDecoder().decode(message.substring(2)));
            } else if (message.startsWith("s:")) {
                cache.forgetSession(UUID.fromString(message.substring(2)));
            } else if (message.startsWith("u:")) {
                cache.forgetUser(Long.parseLong(message.substring(2)));
            } else {
                cache.forgetAll(); // a message this version does not know: be safe
            }
        } catch (IllegalArgumentException garbled) {
            cache.forgetAll(); // it concerned something we cannot name: forget everything
        }
    }

    private void announce(String message) {
        if (database.isPostgresql()) {
            em.createNativeQuery("select pg_notify(?1, ?2)")
                    .setParameter(1, CHANNEL)
                    .setParameter(2, message)
                    .getSingleResult();
        }
    }
}
