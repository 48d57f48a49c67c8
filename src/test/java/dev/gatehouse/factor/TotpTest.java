package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 6238's own test vectors, and the rules Gatehouse adds: one step of drift, every code once. */
class TotpTest {

    /** RFC 6238 appendix B's SHA-1 key. */
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:10Z");

    @Test
    void theCodesAreRfc6238sTestVectorsCutToSixDigits() {
        // appendix B gives eight digits: 94287082, 07081804, 14050471, 89005924, 69279037, 65353130
        assertEquals("287082", Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(59))));
        assertEquals("081804", Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1111111109))));
        assertEquals("050471", Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1111111111))));
        assertEquals("005924", Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1234567890))));
        assertEquals("279037", Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(2000000000))));
        assertEquals("353130", Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(20000000000L))));
    }

    @Test
    void oneStepOfDriftEitherWayIsAcceptedTwoAreNot() {
        long now = Totp.step(NOW);
        for (long offset = -1; offset <= 1; offset++) {
            assertEquals(
                    OptionalLong.of(now + offset),
                    Totp.match(SECRET, Totp.code(SECRET, now + offset), NOW, OptionalLong.empty()),
                    "offset " + offset);
        }
        assertTrue(Totp.match(SECRET, Totp.code(SECRET, now - 2), NOW, OptionalLong.empty())
                .isEmpty());
        assertTrue(Totp.match(SECRET, Totp.code(SECRET, now + 2), NOW, OptionalLong.empty())
                .isEmpty());
    }

    @Test
    void anAcceptedCodeAndEveryOlderOneFailFromThenOn() {
        long now = Totp.step(NOW);
        OptionalLong used = Totp.match(SECRET, Totp.code(SECRET, now), NOW, OptionalLong.empty());

        assertTrue(Totp.match(SECRET, Totp.code(SECRET, now), NOW, used).isEmpty(), "replay");
        assertTrue(Totp.match(SECRET, Totp.code(SECRET, now - 1), NOW, used).isEmpty(), "older");
        assertEquals(OptionalLong.of(now + 1), Totp.match(SECRET, Totp.code(SECRET, now + 1), NOW, used), "newer");
    }

    @Test
    void malformedInputMatchesNothing() {
        for (String typed : new String[] {null, "", "12345", "1234567", "12a456", " 28708", "２８７０８２"}) {
            assertTrue(Totp.match(SECRET, typed, NOW, OptionalLong.empty()).isEmpty(), String.valueOf(typed));
        }
    }

    @Test
    void leadingZerosAreKept() {
        assertEquals("000042", Totp.format(42, 6));
    }
}
