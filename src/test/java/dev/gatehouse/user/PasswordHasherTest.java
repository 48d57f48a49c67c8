package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(GatehouseSettings.defaults());

    @Test
    void hashIsASelfDescribingArgon2idStringAtOwaspParameters() {
        String hash = hasher.hash("correct horse battery staple");

        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains("correct horse"), hash);
    }

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String hash = hasher.hash("correct horse battery staple");

        assertTrue(hasher.verify(hash, "correct horse battery staple"));
        assertFalse(hasher.verify(hash, "correct horse battery stapler"));
        assertFalse(hasher.verify(hash, ""));
    }

    @Test
    void sameSaltNeverRepeats() {
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void unicodeIsNormalisedSoComposedAndDecomposedFormsMatch() {
        String composed = "caf\u00e9 au lait \u00fcber";
        String decomposed = "cafe\u0301 au lait u\u0308ber";

        assertTrue(hasher.verify(hasher.hash(composed), decomposed));
    }

    @Test
    void somethingThatIsNotOurHashNeverVerifies() {
        assertFalse(hasher.verify(null, "x"));
        assertFalse(hasher.verify("plain-text-password", "plain-text-password"));
        assertFalse(hasher.verify("$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234", "x"));
    }

    @Test
    void weakerOrForeignHashesAskForARehash() {
        var stronger = new PasswordHasher(GatehouseSettings.load(key -> Optional.ofNullable(
                Map.of(GatehouseSettings.ARGON2_ITERATIONS, "3").get(key))));
        String current = hasher.hash("pw-1234567890");

        assertFalse(hasher.needsRehash(current));
        assertTrue(stronger.needsRehash(current), "t=2 is weaker than the configured t=3");
        assertTrue(stronger.verify(current, "pw-1234567890"), "old hashes still verify until upgraded");
        assertTrue(hasher.needsRehash("pbkdf2_sha256$600000$salt$hash"));
    }
}
