package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.factor.SecondFactors.Proof.Kind;
import dev.gatehouse.user.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProofsTest {

    private static final Instant SIGN_IN = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void aPasswordAloneIsRecentWithinTheWindowForUsersWithoutASecondFactor() {
        Proofs password = Proofs.password(SIGN_IN);

        assertTrue(password.recentAt(SIGN_IN.plus(WINDOW), WINDOW, false));
        assertFalse(password.recentAt(SIGN_IN.plus(WINDOW).plusSeconds(1), WINDOW, false));
        assertFalse(password.recentAt(SIGN_IN.plus(Duration.ofMinutes(1)), WINDOW, true), "a factor is due too");
    }

    @Test
    void bothProofsMustBeRecentAndNoneMayLieInTheFuture() {
        Proofs both = Proofs.withSecondFactor(SIGN_IN, Kind.TOTP, SIGN_IN.plusSeconds(20));

        assertTrue(both.recentAt(SIGN_IN.plus(Duration.ofMinutes(5)), WINDOW, true));
        assertFalse(both.recentAt(SIGN_IN.plus(Duration.ofMinutes(10)).plusSeconds(1), WINDOW, true));
        assertFalse(both.recentAt(SIGN_IN.minusSeconds(60), WINDOW, true), "a clock set back does not make it recent");
    }

    @Test
    void theSudoCheckFindsTheCallingSessionInTheArguments() {
        UUID session = UUID.randomUUID();
        ValidSession valid = new ValidSession(
                session,
                7,
                "ida",
                "Ida",
                Set.of(Role.USER),
                SIGN_IN,
                SIGN_IN.plus(WINDOW),
                SIGN_IN.plus(WINDOW),
                Optional.empty());

        assertEquals(
                Optional.of(new RecentAuthenticationInterceptor.Caller(session, 7)),
                RecentAuthenticationInterceptor.callerOf(new Object[] {"x", valid}));
        assertEquals(
                Optional.of(new RecentAuthenticationInterceptor.Caller(session, 7)),
                RecentAuthenticationInterceptor.callerOf(new Object[] {valid.actor("10.0.0.1"), 42L}));
        assertEquals(
                Optional.empty(),
                RecentAuthenticationInterceptor.callerOf(new Object[] {Actor.SYSTEM, 42L}),
                "the system has no session to have proved anything");
        assertEquals(Optional.empty(), RecentAuthenticationInterceptor.callerOf(new Object[] {42L}));
    }
}
