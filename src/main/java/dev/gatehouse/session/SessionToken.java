package dev.gatehouse.session;

import dev.gatehouse.security.OpaqueTokens;

/**
 * The opaque session token: 32 random bytes, base64url without padding (43 characters). Only its SHA-256
 * digest is stored, so a copy of the database cannot be replayed as cookies.
 */
public final class SessionToken {

    public static final int RANDOM_BYTES = OpaqueTokens.RANDOM_BYTES;
    public static final int ENCODED_LENGTH = OpaqueTokens.ENCODED_LENGTH;

    private SessionToken() {}

    /** A new random token; the caller hands it to the browser once and keeps only {@link #digest}. */
    public static String generate() {
        return OpaqueTokens.generate();
    }

    /** Whether {@code raw} has the shape of a token this class makes; anything else is rejected without a lookup. */
    public static boolean isWellFormed(String raw) {
        return OpaqueTokens.isWellFormed(raw);
    }

    /** SHA-256 of the token's text: what the database stores and is searched by. */
    public static byte[] digest(String raw) {
        return OpaqueTokens.digest(raw);
    }
}
