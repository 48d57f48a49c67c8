package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.config.DatabaseKind;
import dev.gatehouse.config.GatehouseSettings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SessionChangesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    private final byte[] alicesToken = SessionToken.digest(SessionToken.generate());
    private final byte[] alicesOtherToken = SessionToken.digest(SessionToken.generate());
    private final byte[] bobsToken = SessionToken.digest(SessionToken.generate());
    private final UUID alicesSession = UUID.randomUUID();

    /** A node's cache holding two sessions of alice (user 7) and one of bob (user 8). */
    private SessionCache filledCache() {
        SessionCache cache = new SessionCache();
        cache.settings = GatehouseSettings.defaults();
        cache.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cache.create();
        SessionCacheTest.remember(cache, alicesToken, SessionCacheTest.sessionOf(alicesSession, 7));
        SessionCacheTest.remember(cache, alicesOtherToken, SessionCacheTest.sessionOf(UUID.randomUUID(), 7));
        SessionCacheTest.remember(cache, bobsToken, SessionCacheTest.sessionOf(UUID.randomUUID(), 8));
        return cache;
    }

    private void assertHolds(SessionCache cache, boolean alices, boolean alicesOther, boolean bobs) {
        assertEquals(alices, cache.recall(alicesToken).isPresent(), "alice's session");
        assertEquals(alicesOther, cache.recall(alicesOtherToken).isPresent(), "alice's other session");
        assertEquals(bobs, cache.recall(bobsToken).isPresent(), "bob's session");
    }

    @Test
    void anEndedTokenIsForgottenAndNothingElse() {
        SessionCache cache = filledCache();

        SessionChanges.apply("h:" + Base64.getEncoder().encodeToString(alicesToken), cache);

        assertHolds(cache, false, true, true);
    }

    @Test
    void anEndedSessionIsForgottenAndNothingElse() {
        SessionCache cache = filledCache();

        SessionChanges.apply("s:" + alicesSession, cache);

        assertHolds(cache, false, true, true);
    }

    @Test
    void aChangedUserHasEverySessionForgottenAndNobodyElse() {
        SessionCache cache = filledCache();

        SessionChanges.apply("u:7", cache);

        assertHolds(cache, false, false, true);
    }

    @Test
    void aGarbledMessageFlushesTheCacheInsteadOfStoppingTheListener() {
        for (String garbled : new String[] {"u:abc", "s:not-a-uuid", "h:%%%"}) {
            SessionCache cache = filledCache();

            SessionChanges.apply(garbled, cache);

            assertHolds(cache, false, false, false);
        }
    }

    @Test
    void everythingChangedFlushesTheCache() {
        SessionCache cache = filledCache();

        SessionChanges.apply("*", cache);

        assertHolds(cache, false, false, false);
    }

    @Test
    void aMessageThisVersionDoesNotKnowFlushesTheCacheToBeSafe() {
        for (String unknown : List.of("r:7", "", "H:abc", "user:7")) {
            SessionCache cache = filledCache();

            SessionChanges.apply(unknown, cache);

            assertHolds(cache, false, false, false);
        }
    }

    @Test
    void everyChangeIsForgottenHereAtOnceAndAnnouncedInAFormEveryOtherNodeApplies() {
        Announcements announcements = new Announcements();
        SessionChanges sessionChanges = sessionChanges(filledCache(), true, announcements.entityManager());

        record Change(String name, Runnable make, boolean alices, boolean alicesOther, boolean bobs) {}
        List<Change> all = List.of(
                new Change("token ended", () -> sessionChanges.tokenEnded(alicesToken), false, true, true),
                new Change("session ended", () -> sessionChanges.sessionEnded(alicesSession), false, true, true),
                new Change("user changed", () -> sessionChanges.userChanged(7), false, false, true),
                new Change("everything changed", sessionChanges::everythingChanged, false, false, false));

        for (Change change : all) {
            SessionCache local = filledCache();
            sessionChanges.cache = local;
            announcements.sent.clear();

            change.make().run();

            assertHolds(local, change.alices(), change.alicesOther(), change.bobs());
            assertEquals(1, announcements.sent.size(), change.name());
            assertEquals(SessionChanges.CHANNEL, announcements.sent.get(0).get(0), change.name());
            SessionCache elsewhere = filledCache();
            SessionChanges.apply((String) announcements.sent.get(0).get(1), elsewhere);
            assertHolds(elsewhere, change.alices(), change.alicesOther(), change.bobs());
        }
    }

    @Test
    void withoutPostgresqlAChangeIsForgottenHereAndAnnouncedNowhere() {
        SessionCache here = filledCache();
        EntityManager untouchable = (EntityManager) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EntityManager.class}, (proxy, m, args) -> {
                    throw new AssertionError(
                            "the embedded database has no NOTIFY; nothing may be sent: " + m.getName());
                });
        SessionChanges sessionChanges = sessionChanges(here, false, untouchable);

        sessionChanges.userChanged(8);

        assertHolds(here, true, true, false);
    }

    private static SessionChanges sessionChanges(SessionCache cache, boolean postgresql, EntityManager em) {
        SessionChanges changes = new SessionChanges();
        changes.cache = cache;
        changes.em = em;
        changes.database = new DatabaseKind() {
            @Override
            public boolean isPostgresql() {
                return postgresql;
            }
        };
        changes.listener = new SessionChangeListener();
        changes.listener.cache = cache;
        changes.transaction = new Transaction();
        return changes;
    }

    /** The transaction a change runs in: keeps the synchronizations registered with it. */
    private static final class Transaction implements TransactionSynchronizationRegistry {
        final List<Synchronization> synchronizations = new ArrayList<>();

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public Object getTransactionKey() {
            return this;
        }

        @Override
        public void putResource(Object key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getResource(Object key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }

    @Test
    void afterTheCommitTheChangeWaitsUntilThisNodesListenerHasHeardIt() {
        Announcements announcements = new Announcements();
        SessionCache cache = filledCache();
        cache.listening();
        SessionChanges sessionChanges = sessionChanges(cache, true, announcements.entityManager());

        sessionChanges.userChanged(7);
        Synchronization commit = ((Transaction) sessionChanges.transaction).synchronizations.get(0);
        CompletableFuture<Void> answered =
                CompletableFuture.runAsync(() -> commit.afterCompletion(Status.STATUS_COMMITTED));
        assertFalse(answered.isDone(), "answered before this node heard its own notification");

        sessionChanges.listener.heard((String) announcements.sent.get(0).get(1));

        answered.join();
    }

    /** Records the parameters of every {@code pg_notify} query run through its entity manager. */
    private static final class Announcements {
        final List<List<Object>> sent = new ArrayList<>();

        EntityManager entityManager() {
            return (EntityManager) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {EntityManager.class}, (proxy, m, args) -> {
                        if (!m.getName().equals("createNativeQuery") || !((String) args[0]).contains("pg_notify")) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        return query(new ArrayList<>(List.of((Object) "", "")));
                    });
        }

        private Query query(List<Object> parameters) {
            return (Query) Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {Query.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "setParameter" -> {
                            parameters.set((Integer) args[0] - 1, args[1]);
                            yield proxy;
                        }
                        case "getSingleResult" -> {
                            sent.add(parameters);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }
}
