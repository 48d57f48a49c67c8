package dev.gatehouse.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Opaque random tokens for cookies (session, pre-session, trusted device): 32 bytes from {@link SecureRandom},
 * base64url without padding (43 characters). Only their SHA-256 is ever stored.
 */
public final class OpaqueTokens {

    public static final int RANDOM_BYTES = 32;
    public static final int ENCODED_LENGTH = 43;

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{" + ENCODED_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private OpaqueTokens() {}

    /** A new random token. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code raw} has the shape of a token this class makes; anything else is rejected without a lookup. */
    public static boolean isWellFormed(String raw) {
        return raw != null && WELL_FORMED.matcher(raw).matches();
    }

    /** SHA-256 of the token's text: what the database stores and is searched by. */
    public static byte[] digest(String raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
