package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests held while their sender re-authenticates (sudo mode). Bound to the session that sent them, kept for the
 * pending sign-in lifetime, and taken once: a second resubmission finds nothing. A held form may carry passwords
 * (a password change), so it is stored sealed under a random key that only the browser gets (in a cookie): the
 * database alone never holds a readable form.
 */
@ApplicationScoped
@Transactional
public class HeldRequests {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /** Longest form held, before sealing. */
    public static final int MAX_FORM_LENGTH = 48_000;
    /** Longest path (with query) held: the column's width. */
    public static final int MAX_PATH_LENGTH = 2048;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A held form post: where it went (path and query) and what it carried (URL-encoded). */
    public record Held(UUID id, String path, String form) {}

    /** A request just held: its id (for the re-authentication page) and the key its form is sealed with. */
    public record Hold(UUID id, String key) {}

    /**
     * Keeps a refused form post of session {@code sessionId}.
     *
     * @throws IllegalArgumentException for a form or path too large to hold
     */
    public Hold hold(UUID sessionId, String path, String form) {
        if (form.length() > MAX_FORM_LENGTH || path.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("The request is too large to hold");
        }
        byte[] keyBytes = new byte[SecretBox.KEY_BYTES];
        RANDOM.nextBytes(keyBytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes);
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String sealed = SecretBox.withKey(key).seal(form.getBytes(StandardCharsets.UTF_8), purpose(id, path));
        em.persist(new HeldRequest(id, sessionId, path, sealed, now, now.plus(settings.pendingSignInLifetime())));
        return new Hold(id, key);
    }

    /** Where the held request {@code id} of session {@code sessionId} goes, without taking it. */
    public Optional<String> pathOf(UUID id, UUID sessionId) {
        return live(id, sessionId).map(HeldRequest::path);
    }

    /**
     * Takes the held request for its one resubmission; empty if gone, expired, another session's, or {@code key}
     * does not open it.
     */
    public Optional<Held> take(UUID id, UUID sessionId, String key) {
        Optional<Held> held = live(id, sessionId).flatMap(h -> open(h, key));
        if (held.isEmpty()) {
            return Optional.empty();
        }
        int deleted = em.createNamedQuery(HeldRequest.DELETE_BY_ID_AND_SESSION)
                .setParameter("id", id)
                .setParameter("sessionId", sessionId)
                .executeUpdate();
        return deleted == 1 ? held : Optional.empty();
    }

    private Optional<HeldRequest> live(UUID id, UUID sessionId) {
        Instant now = clock.instant();
        return Optional.ofNullable(em.find(HeldRequest.class, id))
                .filter(h -> h.sessionId().equals(sessionId) && !h.isExpiredAt(now));
    }

    private static Optional<Held> open(HeldRequest held, String key) {
        SecretBox box;
        try {
            box = SecretBox.withKey(key);
        } catch (IllegalArgumentException | NullPointerException notAKey) {
            return Optional.empty();
        }
        return box.open(held.form(), purpose(held.id(), held.path()))
                .map(form -> new Held(held.id(), held.path(), new String(form, StandardCharsets.UTF_8)));
    }

    private static String purpose(UUID id, String path) {
        return "held:" + id + ":" + path;
    }

    /** Forgets held requests that expired before {@code now}; returns how many. */
    public int deleteExpired(Instant now) {
        return em.createNamedQuery(HeldRequest.DELETE_EXPIRED)
                .setParameter("now", now)
                .executeUpdate();
    }
}
