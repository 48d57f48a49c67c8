package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.config.GatehouseSettings;
import org.junit.jupiter.api.Test;

class SignInAttemptsTest {

    @Test
    void overlongAndEmptyPasswordsAreRefusedBeforeAnyLookup() {
        SignInAttempts attempts = new SignInAttempts();
        attempts.settings = GatehouseSettings.defaults();
        // attempts.em stays null: a lookup would fail with a NullPointerException

        for (String refused : new String[] {
            "x".repeat(1024 * 1024), "x".repeat(GatehouseSettings.DEFAULT_PASSWORD_MAX_LENGTH + 1), "", null
        }) {
            assertEquals(
                    Authentication.Outcome.REFUSED_INPUT,
                    attempts.reserve("alice", refused).decided().orElseThrow());
            assertEquals(
                    Authentication.Outcome.REFUSED_INPUT,
                    attempts.reserve(42L, refused).decided().orElseThrow());
        }
    }
}
