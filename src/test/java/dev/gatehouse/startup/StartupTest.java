package dev.gatehouse.startup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StartupTest {

    @Test
    void aMisspeltRoleInTheSecondFactorPolicyStopsTheStart() {
        assertDoesNotThrow(() -> Startup.requireKnownRoles(Set.of("admin", "user")));
        assertDoesNotThrow(() -> Startup.requireKnownRoles(Set.of()));

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> Startup.requireKnownRoles(Set.of("admins")));
        assertTrue(refused.getMessage().contains("[admins]"), refused.getMessage());
    }
}
