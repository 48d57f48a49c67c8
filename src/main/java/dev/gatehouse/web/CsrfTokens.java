package dev.gatehouse.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Synchronizer tokens for forms: the HMAC-SHA256 of a fixed purpose under a secret the browser holds only in an
 * HttpOnly cookie (the session token, or before sign-in the pre-session token). A page can show the form token;
 * it reveals nothing about the cookie, and another site can neither read nor compute it. Bound to the session, so
 * another session's token never matches, and it changes whenever the session token is rotated.
 */
public final class CsrfTokens {

    /** Name of the hidden form field (and of the request parameter) that carries the token. */
    public static final String FIELD = "gatehouse-csrf";
    /** Request header that carries the token for scripts and API clients. */
    public static final String HEADER = "X-Gatehouse-CSRF";

    private static final byte[] PURPOSE = "gatehouse form token v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CsrfTokens() {}

    /** The form token that belongs to {@code secret}. */
    public static String boundTo(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return ENCODER.encodeToString(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime provides HmacSHA256", e);
        }
    }

    /** Whether {@code presented} is the token of {@code secret}, compared in constant time. */
    public static boolean matches(String presented, String secret) {
        if (presented == null || secret == null || secret.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                boundTo(secret).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }
}
