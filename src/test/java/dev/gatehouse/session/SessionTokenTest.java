package dev.gatehouse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTest {

    @Test
    void tokenCarries256RandomBitsAsBase64UrlWithoutPadding() {
        String token = SessionToken.generate();

        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token).length);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(SessionToken.generate()));
        }
    }

    @Test
    void digestIsSha256AndNotTheTokenItself() {
        String token = SessionToken.generate();
        byte[] digest = SessionToken.digest(token);

        assertEquals(32, digest.length);
        assertNotEquals(token, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        assertEquals(
                Base64.getEncoder().encodeToString(digest),
                Base64.getEncoder().encodeToString(SessionToken.digest(token)),
                "same token, same digest");
    }

    @Test
    void generatedTokensAreWellFormed() {
        assertTrue(SessionToken.isWellFormed(SessionToken.generate()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "short",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 42 characters
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 44 characters
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // padding
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", // standard, not URL, alphabet
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00e9",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0000",
                "' OR 1=1 --AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            })
    void anythingElseIsMalformed(String raw) {
        assertFalse(SessionToken.isWellFormed(raw));
    }
}
