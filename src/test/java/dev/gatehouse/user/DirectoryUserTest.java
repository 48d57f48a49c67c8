package dev.gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A user from the company directory: no password here, name and roles as the directory last said. */
class DirectoryUserTest {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
    private static final String DN = "uid=dora,ou=people,dc=corp,dc=example";

    private final User dora = User.fromDirectory("Dora", "entryUUID:1234", "Dora D.", DN, Set.of(Role.USER), NOW);

    @Test
    void aDirectoryUserHasNoPasswordAndRemembersTheEntryAndWhenItWasRead() {
        assertTrue(dora.isFromDirectory());
        assertEquals(UserSource.DIRECTORY, dora.source());
        assertEquals("dora", dora.username(), "stored normalised like every username");
        assertEquals(Optional.empty(), dora.passwordHash());
        assertEquals(Optional.of(DN), dora.directoryDn());
        assertEquals(Optional.of("entryUUID:1234"), dora.directoryId());
        assertEquals(Optional.of(NOW), dora.directoryCheckedAt());
    }

    @Test
    void noCodePathCanGiveADirectoryUserAPasswordHere() {
        assertThrows(IllegalStateException.class, () -> dora.changePassword("$argon2id$...", NOW));
        assertThrows(IllegalStateException.class, () -> dora.rehashPassword("$argon2id$..."));
        assertEquals(Optional.empty(), dora.passwordHash());
    }

    @Test
    void aRefreshSaysWhetherNameOrRolesChangedAndAlwaysRecordsTheCheck() {
        Instant later = NOW.plusSeconds(300);
        assertFalse(dora.refreshFromDirectory(DN, "Dora D.", Set.of(Role.USER), later));
        assertEquals(Optional.of(later), dora.directoryCheckedAt());

        assertTrue(dora.refreshFromDirectory(DN, "Dora D.", Set.of(Role.USER, Role.ADMIN), later));
        assertEquals(Set.of(Role.USER, Role.ADMIN), dora.roles());

        assertTrue(dora.refreshFromDirectory(DN, "Dora Dean", Set.of(Role.USER, Role.ADMIN), later));
        assertEquals("Dora Dean", dora.displayName());
    }

    @Test
    void aLocalAccountIsNoDirectoryUser() {
        User local = new User("admin", "Administrator", "$argon2id$hash", Set.of(Role.ADMIN), NOW);

        assertFalse(local.isFromDirectory());
        assertEquals(Optional.of("$argon2id$hash"), local.passwordHash());
        assertEquals(Optional.empty(), local.directoryCheckedAt());
        assertThrows(
                IllegalStateException.class,
                () -> local.refreshFromDirectory(DN, "Administrator", Set.of(Role.ADMIN), NOW));
    }
}
