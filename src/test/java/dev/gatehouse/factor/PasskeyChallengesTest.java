package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.factor.PasskeyChallenges.Purpose;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Challenges: issued for one purpose and binding, redeemed once, before they expire, and only if issued here. */
class PasskeyChallengesTest {

    private static final String ORIGIN = "https://intranet.example.com";
    private static final String RP_ID = "intranet.example.com";
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final PasskeyChallenges challenges = new PasskeyChallenges(key(1));
    private final Map<String, Instant> spent = new HashMap<>();
    private final PasskeyChallenges.Ledger ledger = (digest, expires) -> spent.putIfAbsent(digest, expires) == null;
    private final SoftAuthenticator authenticator = new SoftAuthenticator();

    @Test
    void anIssuedChallengeIsRedeemedOnceAndKeptSpentUntilItExpires() {
        byte[] challenge = challenges.issue(Purpose.SECOND_FACTOR, "pending:1", NOW);
        byte[] answer = answer(challenge);

        Optional<byte[]> first = challenges.redeem(answer, Purpose.SECOND_FACTOR, "pending:1", NOW, ledger);
        assertArrayEquals(challenge, first.orElseThrow());
        assertEquals(
                NOW.plus(PasskeyChallenges.LIFETIME), spent.values().iterator().next());

        assertTrue(
                challenges
                        .redeem(answer, Purpose.SECOND_FACTOR, "pending:1", NOW, ledger)
                        .isEmpty(),
                "a reused challenge is refused");
        assertTrue(
                challenges
                        .redeem(answer(challenge), Purpose.SECOND_FACTOR, "pending:1", NOW, ledger)
                        .isEmpty(),
                "also in another answer");
    }

    @Test
    void aChallengeIssuedForAnotherPurposeOrBindingIsRefusedAndNotSpent() {
        byte[] challenge = challenges.issue(Purpose.CONFIRM, "session:a", NOW);

        assertTrue(challenges
                .redeem(answer(challenge), Purpose.REGISTER, "session:a", NOW, ledger)
                .isEmpty());
        assertTrue(challenges
                .redeem(answer(challenge), Purpose.CONFIRM, "session:b", NOW, ledger)
                .isEmpty());
        assertTrue(spent.isEmpty(), "a refused challenge is not spent");
        assertTrue(challenges
                .redeem(answer(challenge), Purpose.CONFIRM, "session:a", NOW, ledger)
                .isPresent());
    }

    @Test
    void aChallengeExpiresAfterTwoMinutes() {
        byte[] challenge = challenges.issue(Purpose.PASSWORDLESS, "browser:x", NOW);
        Instant justBefore = NOW.plus(PasskeyChallenges.LIFETIME).minusSeconds(1);

        assertTrue(challenges
                .redeem(
                        answer(challenge),
                        Purpose.PASSWORDLESS,
                        "browser:x",
                        NOW.plus(PasskeyChallenges.LIFETIME),
                        ledger)
                .isEmpty());
        assertTrue(challenges
                .redeem(answer(challenge), Purpose.PASSWORDLESS, "browser:x", justBefore, ledger)
                .isPresent());
    }

    @Test
    void aForgedOrAlteredChallengeIsRefused() {
        byte[] challenge = challenges.issue(Purpose.SECOND_FACTOR, "pending:1", NOW);
        byte[] later = challenge.clone();
        later[17] ^= 0x01; // the expiry, pushed
        byte[] otherKeys = new PasskeyChallenges(key(2)).issue(Purpose.SECOND_FACTOR, "pending:1", NOW);
        byte[] guessed = new byte[PasskeyChallenges.LENGTH];

        for (byte[] forged : new byte[][] {later, otherKeys, guessed, new byte[16]}) {
            assertTrue(challenges
                    .redeem(answer(forged), Purpose.SECOND_FACTOR, "pending:1", NOW, ledger)
                    .isEmpty());
        }
        assertTrue(spent.isEmpty());
    }

    @Test
    void clientDataThatIsNotClientDataIsRefused() {
        for (String garbage : new String[] {"", "{", "[]", "{\"challenge\":7}", "{\"challenge\":\"***\"}", "null"}) {
            assertTrue(challenges
                    .redeem(garbage.getBytes(StandardCharsets.UTF_8), Purpose.CONFIRM, "session:a", NOW, ledger)
                    .isEmpty());
        }
    }

    private byte[] answer(byte[] challenge) {
        return authenticator
                .authenticate(ORIGIN, RP_ID, challenge, SoftAuthenticator.UP)
                .clientDataJson();
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }
}
