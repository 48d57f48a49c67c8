package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.PasswordPolicy.Violation;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private static final CommonPasswords COMMON = new CommonPasswords();
    private final PasswordPolicy policy = new PasswordPolicy(GatehouseSettings.defaults(), COMMON);

    @Test
    void theCommonListHoldsAtLeastTenThousandEntries() {
        assertTrue(COMMON.size() >= 10_000, "entries: " + COMMON.size());
        assertTrue(COMMON.contains("password"));
        assertTrue(COMMON.contains("PassWord"), "case-insensitive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1qaz2wsx3edc", "123qweasdzxc", "Q1W2E3R4T5Y6", "1q2w3e4r5t6y"})
    void commonPasswordsAreRefusedWhateverTheirLength(String common) {
        assertEquals(Optional.of(Violation.TOO_COMMON), policy.check("alice", common));
    }

    @Test
    void lengthIsCountedInCodePointsAfterNormalisation() {
        assertEquals(Optional.of(Violation.TOO_SHORT), policy.check("alice", "elevenchars"));
        assertEquals(Optional.empty(), policy.check("alice", "twelve chars"));
        // twelve emoji are twelve code points (24 UTF-16 units)
        assertEquals(Optional.empty(), policy.check("alice", "\uD83D\uDD11".repeat(12)));
        assertEquals(Optional.of(Violation.TOO_SHORT), policy.check("alice", "\uD83D\uDD11".repeat(11)));
    }

    @Test
    void longPassphrasesAndAnyUnicodeAreWelcome() {
        assertEquals(Optional.empty(), policy.check("alice", "x".repeat(64)));
        assertEquals(Optional.empty(), policy.check("alice", "Grüße aus Köln, 東京 und Zürich"));
        assertEquals(
                Optional.empty(), policy.check("alice", "y".repeat(GatehouseSettings.DEFAULT_PASSWORD_MAX_LENGTH)));
        assertEquals(
                Optional.of(Violation.TOO_LONG),
                policy.check("alice", "y".repeat(GatehouseSettings.DEFAULT_PASSWORD_MAX_LENGTH + 1)));
    }

    @Test
    void thePasswordMayNotContainTheUsername() {
        assertEquals(Optional.of(Violation.CONTAINS_USERNAME), policy.check("Alice", "my name is ALICE ok"));
    }
}
