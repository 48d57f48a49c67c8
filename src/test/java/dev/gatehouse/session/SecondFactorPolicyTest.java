package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.factor.SecondFactors.Proof.Kind;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which factors count, under {@code admin:passkey}: an administrator's app code never does, an administrator with
 * only an app enrols a passkey, and a session that proved only a code is held; everyone else may use either.
 */
class SecondFactorPolicyTest {

    private boolean app;
    private boolean passkey;

    private final SecondFactorPolicy policy = new SecondFactorPolicy(
            new SecondFactors() {
                @Override
                public State stateOf(long userId) {
                    return app ? State.TOTP : State.NONE;
                }
            },
            new PasskeyFactors() {
                @Override
                public boolean hasAny(long userId) {
                    return passkey;
                }
            },
            GatehouseSettings.load(key -> Optional.ofNullable(Map.of(
                            GatehouseSettings.PUBLIC_ORIGIN, "https://intranet.example.com",
                            GatehouseSettings.SECRET_KEY, "dGVzdC1vbmx5IGtleTsgbmV2ZXIgcHJvZHVjdGlvbiE=",
                            GatehouseSettings.MFA_REQUIRED_ROLES, "admin:passkey")
                    .get(key))));

    @Test
    void anAdministratorWithOnlyAnAppEnrolsAPasskeyAndOneWithAPasskeyUsesIt() {
        User admin = user(Role.USER, Role.ADMIN);
        app = true;
        assertEquals(Optional.of(PendingSignIn.Purpose.ENROL), policy.stepAfterPassword(admin));
        passkey = true;
        assertEquals(Optional.of(PendingSignIn.Purpose.SECOND_FACTOR), policy.stepAfterPassword(admin));
        app = false;
        passkey = false;
        assertEquals(Optional.of(PendingSignIn.Purpose.ENROL), policy.stepAfterPassword(admin));
    }

    @Test
    void otherRolesUseWhatTheyHaveOrThePasswordAlone() {
        User staff = user(Role.USER);
        assertEquals(Optional.empty(), policy.stepAfterPassword(staff));
        passkey = true;
        assertEquals(Optional.of(PendingSignIn.Purpose.SECOND_FACTOR), policy.stepAfterPassword(staff));
        passkey = false;
        app = true;
        assertEquals(Optional.of(PendingSignIn.Purpose.SECOND_FACTOR), policy.stepAfterPassword(staff));
    }

    @Test
    void onlyAPasskeyCountsForAnAdministratorAndHoldsTheirSessionUntilProved() {
        Set<Role> admin = Set.of(Role.USER, Role.ADMIN);
        assertFalse(policy.accepts(admin, Kind.TOTP));
        assertFalse(policy.accepts(admin, Kind.RECOVERY_CODE));
        assertTrue(policy.accepts(admin, Kind.PASSKEY));
        assertTrue(policy.accepts(Set.of(Role.USER), Kind.TOTP));

        assertTrue(policy.heldToEnrolment(session(admin, Optional.empty())));
        assertTrue(policy.heldToEnrolment(session(admin, Optional.of(Kind.TOTP))));
        assertTrue(policy.heldToEnrolment(session(admin, Optional.of(Kind.RECOVERY_CODE))));
        assertFalse(policy.heldToEnrolment(session(admin, Optional.of(Kind.PASSKEY))));
        assertFalse(policy.heldToEnrolment(session(Set.of(Role.USER), Optional.empty())));
    }

    private static User user(Role... roles) {
        User user = new User("ada", "Ada", "hash", Set.of(roles), Instant.EPOCH);
        try {
            var id = User.class.getDeclaredField("id");
            id.setAccessible(true);
            id.set(user, 7L);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return user;
    }

    private static ValidSession session(Set<Role> roles, Optional<Kind> proved) {
        Instant now = Instant.now();
        return new ValidSession(
                UUID.randomUUID(), 7, "ada", "Ada", roles, now, now.plusSeconds(600), now.plusSeconds(3600), proved);
    }
}
