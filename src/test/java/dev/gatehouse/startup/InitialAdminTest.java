package dev.gatehouse.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.CommonPasswords;
import dev.gatehouse.user.PasswordPolicy;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitialAdminTest {

    /** No administrator yet; remembers who would be created instead of touching a database. */
    private static final class NoAdminsYet extends UserService {
        final List<String> created = new ArrayList<>();

        @Override
        public boolean anyoneHasRole(Role role) {
            return false;
        }

        @Override
        public User create(String username, String displayName, String password, Set<Role> roles) {
            created.add(username);
            return new User(username, displayName, "hash", roles, Instant.EPOCH);
        }
    }

    private static InitialAdmin withPassword(String password, NoAdminsYet users) {
        InitialAdmin initial = new InitialAdmin();
        initial.users = users;
        initial.settings = GatehouseSettings.load(key -> Optional.ofNullable(
                Map.of(GatehouseSettings.INITIAL_ADMIN_PASSWORD, password).get(key)));
        initial.policy = new PasswordPolicy(initial.settings, new CommonPasswords());
        return initial;
    }

    @Test
    void aConfiguredPasswordThatBreaksThePolicyStopsTheStartWithTheReason() {
        for (String weak : List.of("short", "password1234", "admin-is-my-password-1")) {
            NoAdminsYet users = new NoAdminsYet();
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class, () -> withPassword(weak, users).ensureExists(), weak);
            assertTrue(refused.getMessage().contains("GATEHOUSE_ADMIN_PASSWORD"), refused.getMessage());
            assertEquals(List.of(), users.created, "no administrator was created with " + weak);
        }
    }

    @Test
    void aGoodConfiguredPasswordCreatesTheAdministrator() {
        NoAdminsYet users = new NoAdminsYet();
        withPassword("correct horse battery staple 42", users).ensureExists();
        assertEquals(List.of(InitialAdmin.USERNAME), users.created);
    }
}
