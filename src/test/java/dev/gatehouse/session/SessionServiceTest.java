package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private static final GatehouseSettings SETTINGS = GatehouseSettings.defaults();
    private static final Duration IDLE = SETTINGS.idleTimeout();
    private static final Duration RENEWAL = SETTINGS.renewalInterval();

    private final Rows rows = new Rows();
    private final SessionCache outageCache = new SessionCache();
    private final SessionService service = new SessionService();

    SessionServiceTest() {
        outageCache.settings = SETTINGS;
        service.repository = rows;
        service.cache = outageCache;
        service.settings = SETTINGS;
        at(NOW);
        outageCache.create();
    }

    /** Moves the service's and the outage cache's clock to {@code instant}. */
    private void at(Instant instant) {
        Clock clock = Clock.fixed(instant, ZoneOffset.UTC);
        service.clock = clock;
        outageCache.clock = clock;
    }

    /** A session of {@code username} (user 7) last seen {@code seenAgo} before NOW, one row per role. */
    private static List<SessionRow> session(
            UUID id,
            Duration seenAgo,
            Instant idleExpiresAt,
            Instant absoluteExpiresAt,
            boolean enabled,
            Role... roles) {
        List<Role> each = roles.length == 0 ? Arrays.asList((Role) null) : List.of(roles);
        return each.stream()
                .map(role -> new SessionRow(
                        id,
                        NOW.minus(Duration.ofHours(1)),
                        NOW.minus(seenAgo),
                        idleExpiresAt,
                        absoluteExpiresAt,
                        7,
                        "alice",
                        "Alice Example",
                        enabled,
                        role,
                        null))
                .toList();
    }

    /** A live session of an enabled user, seen a minute ago (not due for renewal). */
    private static List<SessionRow> liveSession(UUID id, Role... roles) {
        return session(
                id,
                Duration.ofMinutes(1),
                NOW.plus(IDLE).minus(Duration.ofMinutes(1)),
                NOW.plus(Duration.ofHours(11)),
                true,
                roles);
    }

    @Test
    void aValidTokenGivesItsUserAndEveryRole() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        rows.add(token, liveSession(id, Role.USER, Role.ADMIN));

        ValidSession valid = service.validate(token).orElseThrow();

        assertEquals(id, valid.sessionId());
        assertEquals(7, valid.userId());
        assertEquals("alice", valid.username());
        assertEquals("Alice Example", valid.displayName());
        assertEquals(Set.of(Role.USER, Role.ADMIN), valid.roles());
        assertEquals(NOW.minus(Duration.ofHours(1)), valid.createdAt());
        assertEquals(NOW.plus(IDLE).minus(Duration.ofMinutes(1)), valid.idleExpiresAt());
        assertEquals(NOW.plus(Duration.ofHours(11)), valid.absoluteExpiresAt());
        assertEquals(List.of(), rows.deleted);
    }

    @Test
    void aUserWithoutRolesStillHasAValidSession() {
        String token = SessionToken.generate();
        rows.add(token, liveSession(UUID.randomUUID()));

        ValidSession valid = service.validate(token).orElseThrow();

        assertEquals(Set.of(), valid.roles());
    }

    @Test
    void aValidatedSessionIsRememberedForAnOutage() {
        String token = SessionToken.generate();
        rows.add(token, liveSession(UUID.randomUUID(), Role.USER));

        ValidSession valid = service.validate(token).orElseThrow();

        assertEquals(Optional.of(valid), outageCache.recall(SessionToken.digest(token)));
    }

    @Test
    void anUnknownTokenIsNoSessionAndIsForgottenByTheOutageCache() {
        String token = SessionToken.generate();
        ValidSession before = rememberedDuringEarlierValidation(token);

        assertEquals(Optional.empty(), service.validate(token));

        assertEquals(1, rows.lookups);
        assertEquals(
                Optional.empty(),
                outageCache.recall(SessionToken.digest(token)),
                "was " + before + "; a session gone from the database must not come back in an outage");
    }

    @Test
    void aMalformedTokenIsNoSessionAndNeverLookedUp() {
        String wellFormed = SessionToken.generate();
        List<String> malformed = List.of(
                "",
                "short",
                wellFormed + "A",
                wellFormed.substring(1),
                wellFormed.substring(1) + "+",
                wellFormed.substring(1) + "/",
                wellFormed.substring(2) + "==",
                wellFormed.substring(1) + "\u00e9",
                " " + wellFormed.substring(1),
                wellFormed.substring(1) + "\n");
        // were the shape not checked, each would find a live session
        malformed.forEach(token -> rows.add(token, liveSession(UUID.randomUUID(), Role.USER)));

        for (String token : malformed) {
            assertEquals(Optional.empty(), service.validate(token), token);
        }
        assertEquals(0, rows.lookups);
    }

    @Test
    void aMissingTokenIsNoSession() {
        assertEquals(Optional.empty(), service.validate(null));
        assertEquals(0, rows.lookups);
    }

    @Test
    void aSessionIsIdleExpiredAtItsIdleExpiryAndIsDeleted() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        rows.add(token, session(id, IDLE, NOW, NOW.plus(Duration.ofHours(11)), true, Role.USER));
        rememberedDuringEarlierValidation(token);

        assertRejectedAndDeleted(token, id);
        assertEquals(List.of(), rows.renewals, "an expired session is not brought back by renewing it");
    }

    @Test
    void aSessionOneSecondBeforeItsIdleExpiryIsStillValid() {
        String token = SessionToken.generate();
        rows.add(
                token,
                session(
                        UUID.randomUUID(),
                        Duration.ofMinutes(1),
                        NOW.plusSeconds(1),
                        NOW.plus(Duration.ofHours(11)),
                        true,
                        Role.USER));

        assertTrue(service.validate(token).isPresent());
        assertEquals(List.of(), rows.deleted);
    }

    @Test
    void aSessionIsExpiredAtItsAbsoluteExpiryEvenWhenRecentlyActiveAndIsDeleted() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        rows.add(token, session(id, Duration.ofSeconds(10), NOW.plus(Duration.ofMinutes(20)), NOW, true, Role.USER));
        rememberedDuringEarlierValidation(token);

        assertRejectedAndDeleted(token, id);
    }

    @Test
    void aDisabledUsersSessionIsNoSessionAndIsDeleted() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        rows.add(
                token,
                session(
                        id,
                        Duration.ofMinutes(1),
                        NOW.plus(IDLE),
                        NOW.plus(Duration.ofHours(11)),
                        false,
                        Role.USER,
                        Role.ADMIN));
        rememberedDuringEarlierValidation(token);

        assertRejectedAndDeleted(token, id);
    }

    @Test
    void aSessionDueForRenewalSlidesItsIdleExpiryForward() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        rows.add(
                token,
                session(id, RENEWAL, NOW.plus(IDLE).minus(RENEWAL), NOW.plus(Duration.ofHours(11)), true, Role.USER));

        ValidSession valid = service.validate(token).orElseThrow();

        assertEquals(NOW.plus(IDLE), valid.idleExpiresAt());
        assertEquals(List.of(new Renewal(id, NOW, NOW.plus(IDLE), NOW.minus(RENEWAL))), rows.renewals);
    }

    @Test
    void aSessionIsRenewedOncePerRenewalInterval() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        rows.add(
                token,
                session(id, RENEWAL, NOW.plus(IDLE).minus(RENEWAL), NOW.plus(Duration.ofHours(11)), true, Role.USER));

        service.validate(token);
        at(NOW.plus(RENEWAL).minusSeconds(1));
        ValidSession later = service.validate(token).orElseThrow();

        assertEquals(1, rows.renewals.size(), "the second request came within the renewal interval");
        assertEquals(NOW.plus(IDLE), later.idleExpiresAt());

        at(NOW.plus(RENEWAL));
        ValidSession next = service.validate(token).orElseThrow();

        assertEquals(2, rows.renewals.size(), "a full renewal interval after the first renewal");
        assertEquals(NOW.plus(RENEWAL).plus(IDLE), next.idleExpiresAt());
    }

    @Test
    void aRenewalIsCachedOnlyWhenTheNextRequestReadsItBackNotBeforeItCommits() {
        String token = SessionToken.generate();
        rows.add(
                token,
                session(
                        UUID.randomUUID(),
                        RENEWAL,
                        NOW.plus(IDLE).minus(RENEWAL),
                        NOW.plus(Duration.ofHours(11)),
                        true,
                        Role.USER));

        service.validate(token);
        assertEquals(1, rows.renewals.size());
        assertEquals(Optional.empty(), outageCache.recall(SessionToken.digest(token)), "renewed: not cached yet");

        ValidSession readBack = service.validate(token).orElseThrow();
        assertEquals(1, rows.renewals.size(), "the renewed row needs no second write");
        assertEquals(Optional.of(readBack), outageCache.recall(SessionToken.digest(token)));
    }

    @Test
    void aSessionNotYetDueForRenewalIsNotWritten() {
        String token = SessionToken.generate();
        Instant idleExpiry = NOW.plus(IDLE).minus(RENEWAL).plusSeconds(1);
        rows.add(
                token,
                session(
                        UUID.randomUUID(),
                        RENEWAL.minusSeconds(1),
                        idleExpiry,
                        NOW.plus(Duration.ofHours(11)),
                        true,
                        Role.USER));

        ValidSession valid = service.validate(token).orElseThrow();

        assertEquals(List.of(), rows.renewals);
        assertEquals(idleExpiry, valid.idleExpiresAt());
    }

    @Test
    void aRenewalNeverMovesTheIdleExpiryPastTheAbsoluteExpiry() {
        String token = SessionToken.generate();
        UUID id = UUID.randomUUID();
        Instant absolute = NOW.plus(Duration.ofMinutes(10));
        rows.add(token, session(id, RENEWAL, NOW.plus(Duration.ofMinutes(5)), absolute, true, Role.USER));

        ValidSession valid = service.validate(token).orElseThrow();

        assertEquals(absolute, valid.idleExpiresAt());
        assertEquals(List.of(new Renewal(id, NOW, absolute, NOW.minus(RENEWAL))), rows.renewals);
    }

    /** No session for {@code token}; its row {@code id} is deleted and the outage cache forgets it too. */
    private void assertRejectedAndDeleted(String token, UUID id) {
        assertEquals(Optional.empty(), service.validate(token));
        assertEquals(List.of(id), rows.deleted);
        assertEquals(
                Optional.empty(), outageCache.recall(SessionToken.digest(token)), "not served in an outage either");
    }

    /** Puts {@code token} in the outage cache as an earlier validation would have, and returns what it holds. */
    private ValidSession rememberedDuringEarlierValidation(String token) {
        ValidSession earlier = new ValidSession(
                UUID.randomUUID(),
                7,
                "alice",
                "Alice Example",
                Set.of(Role.USER),
                NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofMinutes(20)),
                NOW.plus(Duration.ofHours(11)),
                Optional.empty());
        SessionCacheTest.remember(outageCache, SessionToken.digest(token), earlier);
        assertEquals(Optional.of(earlier), outageCache.recall(SessionToken.digest(token)), "precondition");
        return earlier;
    }

    record Renewal(UUID id, Instant now, Instant idleExpiresAt, Instant dueBefore) {}

    /** The session table in memory: deleting and renewing change the rows the way the database's queries do. */
    private static final class Rows extends SessionRepository {
        private final Map<String, List<SessionRow>> byTokenHash = new HashMap<>();
        final List<UUID> deleted = new ArrayList<>();
        final List<Renewal> renewals = new ArrayList<>();
        int lookups;

        void add(String rawToken, List<SessionRow> session) {
            byTokenHash.put(key(SessionToken.digest(rawToken)), session);
        }

        @Override
        public List<SessionRow> validationRows(byte[] tokenHash) {
            lookups++;
            return byTokenHash.getOrDefault(key(tokenHash), List.of());
        }

        @Override
        public int deleteById(UUID id) {
            deleted.add(id);
            return byTokenHash.values().removeIf(session -> session.get(0).id().equals(id)) ? 1 : 0;
        }

        @Override
        public boolean renew(UUID id, Instant now, Instant idleExpiresAt, Instant dueBefore) {
            renewals.add(new Renewal(id, now, idleExpiresAt, dueBefore));
            for (Map.Entry<String, List<SessionRow>> entry : byTokenHash.entrySet()) {
                SessionRow first = entry.getValue().get(0);
                if (first.id().equals(id) && !first.lastSeenAt().isAfter(dueBefore)) {
                    entry.setValue(entry.getValue().stream()
                            .map(r -> new SessionRow(
                                    r.id(),
                                    r.createdAt(),
                                    now,
                                    idleExpiresAt,
                                    r.absoluteExpiresAt(),
                                    r.userId(),
                                    r.username(),
                                    r.displayName(),
                                    r.enabled(),
                                    r.role(),
                                    null))
                            .toList());
                    return true;
                }
            }
            return false;
        }

        private static String key(byte[] tokenHash) {
            return Base64.getEncoder().encodeToString(tokenHash);
        }
    }
}
