package dev.gatehouse.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.config.GatehouseSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions this node validated recently, used only while the database cannot be reached: then such a session
 * keeps working for the outage grace (never past its absolute expiry), while sign-ins and changes get 503.
 * While the database is up it is never consulted, so it cannot make a revoked session valid; revocations on
 * any node evict entries here (through {@link SessionChangeListener}) so none survives into an outage either.
 */
@ApplicationScoped
public class OutageCache {

    static final int MAX_ENTRIES = 100_000;

    private record Entry(ValidSession session, Instant validatedAt) {}

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    private Cache<String, Entry> entries;

    @PostConstruct
    void create() {
        entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(settings.outageGrace())
                .build();
    }

    void remember(byte[] tokenHash, ValidSession session) {
        if (!settings.outageGrace().isZero()) {
            entries.put(key(tokenHash), new Entry(session, clock.instant()));
        }
    }

    /**
     * The session as last validated, if that was within the grace and it has reached neither its idle expiry (as
     * of that validation: nothing can renew it while the database is away) nor its absolute expiry.
     */
    Optional<ValidSession> recall(byte[] tokenHash) {
        Instant now = clock.instant();
        return Optional.ofNullable(entries.getIfPresent(key(tokenHash)))
                .filter(e -> now.isBefore(e.validatedAt().plus(settings.outageGrace())))
                .filter(e -> now.isBefore(e.session().idleExpiresAt()))
                .filter(e -> now.isBefore(e.session().absoluteExpiresAt()))
                .map(Entry::session);
    }

    void forgetToken(byte[] tokenHash) {
        entries.invalidate(key(tokenHash));
    }

    void forgetSession(UUID sessionId) {
        entries.asMap().values().removeIf(e -> e.session().sessionId().equals(sessionId));
    }

    void forgetUser(long userId) {
        entries.asMap().values().removeIf(e -> e.session().userId() == userId);
    }

    void forgetAll() {
        entries.invalidateAll();
    }

    long size() {
        return entries.estimatedSize();
    }

    private static String key(byte[] tokenHash) {
        return Base64.getEncoder().encodeToString(tokenHash);
    }
}
