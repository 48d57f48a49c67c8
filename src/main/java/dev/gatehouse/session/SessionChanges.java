package dev.gatehouse.session;

import dev.gatehouse.config.DatabaseKind;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Base64;
import java.util.UUID;

/**
 * Tells every node that sessions ended or users changed, so their {@link SessionCache}s forget them. On
 * PostgreSQL the message is a {@code NOTIFY} in the transaction of the change: it is delivered to every node's
 * {@link SessionChangeListener} when (and only if) the change commits. This node forgets at once as well, and
 * after the commit the request that made the change waits (briefly) until this node's own listener has heard
 * the message: PostgreSQL delivers it to every listening node at the same moment, so by the time the change is
 * answered the other nodes have almost always applied it too (bench/run.sh measures how often they have not).
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

    @Inject
    SessionChangeListener listener;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;

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
    static void apply(String notification, SessionCache cache) {
        // the part after '#' only tells the sender its own message apart (see announce)
        String message =
                notification.contains("#") ? notification.substring(0, notification.indexOf('#')) : notification;
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
            String notification = message + "#" + UUID.randomUUID();
            SessionChangeListener.Echo echo = listener.expect(notification);
            try {
                em.createNativeQuery("select pg_notify(?1, ?2)")
                        .setParameter(1, CHANNEL)
                        .setParameter(2, notification)
                        .getSingleResult();
                transaction.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {}

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            echo.await();
                        } else {
                            echo.cancel();
                        }
                    }
                });
            } catch (RuntimeException e) {
                echo.cancel();
                throw e;
            }
        }
    }
}
