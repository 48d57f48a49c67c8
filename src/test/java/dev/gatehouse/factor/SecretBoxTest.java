package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Second-factor secrets at rest: they open only with their key, for their purpose, unaltered. */
class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY =
            Base64.getEncoder().encodeToString("another key of 32 bytes, exactly".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private final SecretBox box = SecretBox.withKey(KEY);

    @Test
    void aSealedSecretOpensWithItsKeyAndPurpose() {
        String sealed = box.seal(SECRET, "totp:42");

        assertArrayEquals(SECRET, box.open(sealed, "totp:42").orElseThrow());
    }

    @Test
    void sealingTwiceGivesDifferentTextThatHidesTheSecret() {
        String first = box.seal(SECRET, "totp:42");

        assertNotEquals(first, box.seal(SECRET, "totp:42"), "a fresh nonce each time");
        assertTrue(!new String(Base64.getDecoder().decode(first), StandardCharsets.ISO_8859_1).contains("1234567890"));
    }

    @Test
    void anotherKeyAnotherPurposeOrOneChangedCharacterOpensNothing() {
        String sealed = box.seal(SECRET, "totp:42");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);

        assertTrue(SecretBox.withKey(OTHER_KEY).open(sealed, "totp:42").isEmpty());
        assertTrue(box.open(sealed, "totp:43").isEmpty(), "copied onto another user's row");
        assertTrue(box.open(altered, "totp:42").isEmpty());
        assertTrue(box.open("not base 64 !", "totp:42").isEmpty());
        assertTrue(box.open("", "totp:42").isEmpty());
    }

    @Test
    void aKeyMustBe32BytesOfBase64() {
        assertThrows(IllegalArgumentException.class, () -> SecretBox.withKey("too short"));
        assertThrows(
                IllegalArgumentException.class,
                () -> SecretBox.withKey(Base64.getEncoder().encodeToString(new byte[16])));
    }
}
