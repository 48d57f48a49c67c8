package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.session.SessionToken;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    @Test
    void aTokenMatchesOnlyTheSecretItIsBoundTo() {
        String mine = SessionToken.generate();
        String theirs = SessionToken.generate();

        assertTrue(CsrfTokens.matches(CsrfTokens.boundTo(mine), mine));
        assertFalse(CsrfTokens.matches(CsrfTokens.boundTo(theirs), mine), "another session's token");
        assertNotEquals(CsrfTokens.boundTo(mine), CsrfTokens.boundTo(theirs));
    }

    @Test
    void theTokenIsStableForASecretAndRevealsNothingOfIt() {
        String secret = SessionToken.generate();
        String token = CsrfTokens.boundTo(secret);

        assertEquals(token, CsrfTokens.boundTo(secret), "same session, same token on every node");
        assertFalse(token.contains(secret));
        assertEquals(43, token.length(), "256-bit HMAC, base64url");
    }

    @Test
    void missingOrMangledTokensNeverMatch() {
        String secret = SessionToken.generate();
        String token = CsrfTokens.boundTo(secret);

        assertFalse(CsrfTokens.matches(null, secret));
        assertFalse(CsrfTokens.matches("", secret));
        assertFalse(CsrfTokens.matches(token.substring(1), secret));
        assertFalse(CsrfTokens.matches(token + "x", secret));
        assertFalse(CsrfTokens.matches(token.toUpperCase(), secret));
        assertFalse(CsrfTokens.matches(token, null));
        assertFalse(CsrfTokens.matches(token, ""), "an empty secret never makes a valid token");
    }
}
