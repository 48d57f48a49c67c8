package dev.gatehouse.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.config.GatehouseSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Sessions this node validated against the database, kept by token digest, under two separate rules:
 *
 * <ul>
 *   <li><b>Coherent hits</b> ({@link #hit}): while this node's {@link SessionChangeListener} is listening and its
 *       heartbeat is fresh, every change that can end a session or alter its user reaches this cache (by NOTIFY,
 *       or at once on the node that made it), so a cached session is as good as its row. A hit is still refused
 *       when the session has reached its idle or absolute expiry, or is due for renewal, so renewal writes as
 *       before. The moment the listener is not healthy, there are no hits at all.
 *   <li><b>The outage grace</b> ({@link #recall}): only while the database cannot be reached, a session validated
 *       within the grace keeps working, never past its idle expiry as of that validation nor its absolute
 *       expiry; sign-ins and changes get 503 meanwhile.
 * </ul>
 *
 * <p>An eviction that arrives while a request is reading a row can concern that very row; the generation
 * counter makes such a read not be remembered (see {@link #remember}).
 */
@ApplicationScoped
public class SessionCache {

    static final int MAX_ENTRIES = 100_000;

    /** The listener checks in at least twice a second; a heartbeat older than this may mean missed changes. */
    static final Duration HEARTBEAT_FRESHNESS = Duration.ofSeconds(2);

    /** A validated session, when its row was last written ({@code lastSeenAt}) and when it was read. */
    private record Entry(ValidSession session, Instant lastSeenAt, Instant validatedAt) {}

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    private Cache<String, Entry> entries;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile long heartbeatNanos;

    /** Monotonic time for the heartbeat, which is about real time passing, whatever the injected clock says. */
    LongSupplier nanoTime = System::nanoTime;

    @PostConstruct
    void create() {
        Duration kept = settings.outageGrace().compareTo(settings.renewalInterval()) > 0
                ? settings.outageGrace()
                : settings.renewalInterval();
        entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(kept)
                .build();
    }

    /**
     * The session for a token digest without asking the database, if the cache can be trusted now and the
     * session needs nothing from its row: not expired, not due for renewal.
     */
    Optional<ValidSession> hit(byte[] tokenHash) {
        if (!isCoherent()) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(key(tokenHash));
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ValidSession session = entry.session();
        if (AuthSession.isExpired(session.idleExpiresAt(), session.absoluteExpiresAt(), now)
                || AuthSession.isDueForRenewal(entry.lastSeenAt(), settings.renewalInterval(), now)) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Whether hits may be served: the listener is up and checked in within {@link #HEARTBEAT_FRESHNESS}. */
    boolean isCoherent() {
        return listening && nanoTime.getAsLong() - heartbeatNanos < HEARTBEAT_FRESHNESS.toNanos();
    }

    /** Read before a session row is read, and handed back to {@link #remember}. */
    long generation() {
        return generation.get();
    }

    /**
     * Keeps what the database said about a session, unless an eviction happened since {@code generationBeforeRead}
     * (it may have concerned this row, read just before the change committed). The entry is put first and taken
     * out again if the generation moved: an eviction increments the generation before it removes, so one that
     * races with this call either sees the entry or makes this call drop it.
     */
    void remember(byte[] tokenHash, ValidSession session, Instant lastSeenAt, long generationBeforeRead) {
        String key = key(tokenHash);
        entries.put(key, new Entry(session, lastSeenAt, clock.instant()));
        if (generation.get() != generationBeforeRead) {
            entries.invalidate(key);
        }
    }

    /**
     * The session as last validated, for when the database cannot be reached: if that was within the grace and
     * it has reached neither its idle expiry (as of that validation: nothing can renew it while the database is
     * away) nor its absolute expiry.
     */
    Optional<ValidSession> recall(byte[] tokenHash) {
        Instant now = clock.instant();
        return Optional.ofNullable(entries.getIfPresent(key(tokenHash)))
                .filter(e -> now.isBefore(e.validatedAt().plus(settings.outageGrace())))
                .filter(e -> now.isBefore(e.session().idleExpiresAt()))
                .filter(e -> now.isBefore(e.session().absoluteExpiresAt()))
                .map(Entry::session);
    }

    /** Drops a token whose row is gone, without counting as an eviction (it changes nothing anyone read). */
    void discard(byte[] tokenHash) {
        entries.invalidate(key(tokenHash));
    }

    void forgetToken(byte[] tokenHash) {
        generation.incrementAndGet();
        entries.invalidate(key(tokenHash));
    }

    void forgetSession(UUID sessionId) {
        generation.incrementAndGet();
        entries.asMap().values().removeIf(e -> e.session().sessionId().equals(sessionId));
    }

    void forgetUser(long userId) {
        generation.incrementAndGet();
        entries.asMap().values().removeIf(e -> e.session().userId() == userId);
    }

    void forgetAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** The listener hears every change from now on: start from an empty cache, then serve hits. */
    void listening() {
        forgetAll();
        heartbeat(nanoTime.getAsLong());
        listening = true;
    }

    /**
     * The listener finished a round that began at {@code roundStartedNanos}: its connection works and every
     * change committed before that moment has been applied.
     */
    void heartbeat(long roundStartedNanos) {
        heartbeatNanos = roundStartedNanos;
    }

    /** The listener is gone: no hits until it is back (entries stay for the outage grace). */
    void notListening() {
        listening = false;
    }

    long size() {
        return entries.estimatedSize();
    }

    private static String key(byte[] tokenHash) {
        return Base64.getEncoder().encodeToString(tokenHash);
    }
}
