package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.config.GatehouseSettings;
import org.junit.jupiter.api.Test;

class UserServiceTest {

    /** A hasher that fails the test if anything tries to hash. */
    private static final class NoHashingAllowed extends PasswordHasher {
        NoHashingAllowed() {
            super(GatehouseSettings.defaults());
        }

        @Override
        public String hash(String password) {
            throw new AssertionError("hashed");
        }

        @Override
        public boolean verify(String storedHash, String password) {
            throw new AssertionError("verified");
        }

        @Override
        public boolean verifyAgainstDummy(String password) {
            throw new AssertionError("verified against the dummy");
        }
    }

    @Test
    void overlongAndEmptyPasswordsAreRefusedBeforeAnyLookupOrHashing() {
        UserService users = new UserService();
        users.settings = GatehouseSettings.defaults();
        users.hasher = new NoHashingAllowed();
        // users.em stays null: a lookup would fail with a NullPointerException

        assertEquals(Authentication.Outcome.REFUSED_INPUT,
                users.authenticate("alice", "x".repeat(1024 * 1024)).outcome());
        assertEquals(Authentication.Outcome.REFUSED_INPUT,
                users.authenticate("alice", "x".repeat(GatehouseSettings.DEFAULT_PASSWORD_MAX_LENGTH + 1)).outcome());
        assertEquals(Authentication.Outcome.REFUSED_INPUT, users.authenticate("alice", "").outcome());
        assertEquals(Authentication.Outcome.REFUSED_INPUT, users.authenticate("alice", null).outcome());
    }
}
