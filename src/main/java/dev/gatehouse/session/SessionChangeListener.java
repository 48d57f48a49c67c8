package dev.gatehouse.session;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on PostgreSQL for {@link SessionChanges} from every node and applies them to this node's
 * {@link SessionCache} as they arrive, checking in with the cache at least twice a second. Only while it is
 * listening and checking in does the cache serve hits. When the connection is lost the entries are kept (they are
 * what serves users during an outage) but hits stop at once; when listening starts or resumes, the whole cache is
 * flushed first, since messages may have been missed in between.
 */
@ApplicationScoped
public class SessionChangeListener {

    private static final System.Logger LOG = System.getLogger(SessionChangeListener.class.getName());
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_PAUSE_MILLIS = 1_000;
    /** A LISTEN connection that says nothing for this long, not even to the heartbeat, is dead. */
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    SessionCache cache;

    private volatile boolean running;
    private volatile int backendPid;
    private final AtomicLong rounds = new AtomicLong();
    private final Map<String, CountDownLatch> expected = new ConcurrentHashMap<>();

    /** How long a request that made a change waits for this node to hear its notification after the commit. */
    static final Duration ECHO_WAIT = Duration.ofMillis(500);

    /** A notification this node sent and waits to hear back (see {@link SessionChanges}). */
    public final class Echo {
        private final String notification;
        private final CountDownLatch heard = new CountDownLatch(1);

        private Echo(String notification) {
            this.notification = notification;
        }

        /** Waits until the listener has applied the notification, at most {@link #ECHO_WAIT}; not if it is down. */
        void await() {
            try {
                if (cache.isCoherent()) {
                    heard.await(ECHO_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                expected.remove(notification);
            }
        }

        /** The change did not commit: nothing will be sent. */
        void cancel() {
            expected.remove(notification);
        }
    }

    /** Applies a notification from any node to the cache, and releases a request of this node waiting for it. */
    void heard(String notification) {
        SessionChanges.apply(notification, cache);
        CountDownLatch waiting = expected.get(notification);
        if (waiting != null) {
            waiting.countDown();
        }
    }

    /** Registers a notification about to be sent, before its transaction commits. */
    Echo expect(String notification) {
        Echo echo = new Echo(notification);
        expected.put(notification, echo.heard);
        return echo;
    }

    private Future<?> task;

    /** Starts listening on a container-managed thread. */
    public void start() {
        running = true;
        task = executor.submit(this::listenUntilStopped);
    }

    private void listenUntilStopped() {
        boolean missedMessages = false;
        while (running) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("listen " + SessionChanges.CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                backendPid = pg.getBackendPID();
                // changes made while we were not listening are unknown here: start from an empty cache
                cache.listening();
                if (missedMessages) {
                    missedMessages = false;
                    LOG.log(Level.INFO, "Session-change listener reconnected; session cache flushed");
                }
                // a silently dead connection (no RST, e.g. a dropped firewall state) must fail, not hang
                connection.unwrap(Connection.class).setNetworkTimeout(Runnable::run, SOCKET_TIMEOUT_MILLIS);
                LOG.log(Level.DEBUG, "Listening for session changes on {0}", SessionChanges.CHANNEL);
                while (running) {
                    // the round vouches for what was committed before it began, so that is when it checks in
                    long roundStarted = cache.nanoTime.getAsLong();
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null) {
                        statement.execute("select 1"); // heartbeat: notices a dead connection even when nothing is sent
                        notifications = pg.getNotifications(); // any that arrived with its answer
                    }
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            heard(notification.getParameter());
                        }
                    }
                    cache.heartbeat(roundStarted);
                    rounds.incrementAndGet();
                }
            } catch (SQLException | RuntimeException e) {
                cache.notListening();
                backendPid = 0;
                if (running && !missedMessages) {
                    LOG.log(
                            Level.WARNING,
                            "Lost the session-change listener ({0}); retrying every second",
                            e.toString());
                }
                if (running && databaseAnswers()) {
                    // the database is up but our LISTEN is not: changes on other nodes go unheard, so trust nothing
                    cache.forgetAll();
                }
                // otherwise keep the cache: during an outage it is what keeps signed-in users working
                missedMessages = true;
                if (running) {
                    pause();
                }
            }
        }
    }

    /** The server process of the LISTEN connection while there is one, for tests that cut it. */
    public Optional<Integer> backendPid() {
        int pid = backendPid;
        return pid == 0 ? Optional.empty() : Optional.of(pid);
    }

    /**
     * How many times the listener has finished a round: waited for notifications, applied what arrived (or
     * checked the connection) and checked in with the cache. A round that started after a change committed has
     * applied that change's notification when it ends.
     */
    public long rounds() {
        return rounds.get();
    }

    /** Whether a fresh pooled connection works, i.e. the failure was our listener's, not the database's. */
    private boolean databaseAnswers() {
        try (Connection probe = dataSource.getConnection()) {
            return probe.isValid(2);
        } catch (SQLException | RuntimeException ignore) {
            // unreachable: this is an outage, and the cache must stay to serve it
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE_MILLIS); // back off before reconnecting to a database that is away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        cache.notListening();
        if (task != null) {
            task.cancel(true);
        }
    }
}
