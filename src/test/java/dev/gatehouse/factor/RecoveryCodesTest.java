package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recovery codes: ten distinct ones per set, stored as digests that a sloppily typed copy still finds. */
class RecoveryCodesTest {

    @Test
    void aSetHasTenDistinctCodesInGroupsOfFourWithoutLookAlikes() {
        List<String> codes = RecoveryCodes.newSet();

        assertEquals(RecoveryCodes.PER_SET, codes.size());
        assertEquals(codes.size(), new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}"), code);
            assertTrue(code.chars().noneMatch(c -> "01ilo".indexOf(c) >= 0), code);
        }
    }

    @Test
    void aCodeTypedInCapitalsWithSpacesOrWithoutDashesHasTheSameDigest() {
        String code = RecoveryCodes.newSet().get(0);
        String digest = RecoveryCodes.digest(code).orElseThrow();

        assertEquals(digest, RecoveryCodes.digest(code.toUpperCase()).orElseThrow());
        assertEquals(
                digest, RecoveryCodes.digest(" " + code.replace("-", " ") + " ").orElseThrow());
        assertEquals(digest, RecoveryCodes.digest(code.replace("-", "")).orElseThrow());
        assertEquals(64, digest.length(), "SHA-256 in hex");
        assertNotEquals(
                digest, RecoveryCodes.digest(RecoveryCodes.newSet().get(0)).orElseThrow());
    }

    @Test
    void whatCannotBeACodeHasNoDigest() {
        for (String typed :
                new String[] {null, "", "abcd-efgh", "abcd-efgh-jkm0", "abcd-efgh-jkmn-pqrs", "x".repeat(100)}) {
            assertTrue(RecoveryCodes.digest(typed).isEmpty(), String.valueOf(typed));
        }
    }
}
