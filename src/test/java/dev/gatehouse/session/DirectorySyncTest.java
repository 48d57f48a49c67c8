package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a scheduled recheck leaves a user to the node that rechecked them first. */
class DirectorySyncTest {

    private static final Instant CHECKED = Instant.parse("2026-11-28T09:00:00Z");

    private final User dora =
            User.fromDirectory("dora", "entryUUID:1", "Dora", "uid=dora,dc=corp", Set.of(Role.USER), CHECKED);

    @Test
    void aUserCheckedAfterTheyFellDueWasRecheckedByAnotherRound() {
        assertTrue(DirectorySync.checkedSince(dora, Optional.of(CHECKED.minusSeconds(1))));
    }

    @Test
    void aUserCheckedAtOrBeforeTheyFellDueIsStillDue() {
        assertFalse(DirectorySync.checkedSince(dora, Optional.of(CHECKED)));
        assertFalse(DirectorySync.checkedSince(dora, Optional.of(CHECKED.plusSeconds(1))));
    }

    @Test
    void anAdministratorsRecheckIsNeverSkipped() {
        assertFalse(DirectorySync.checkedSince(dora, Optional.empty()));
    }
}
