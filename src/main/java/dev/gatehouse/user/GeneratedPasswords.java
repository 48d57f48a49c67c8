package dev.gatehouse.user;

import java.security.SecureRandom;
import java.util.Base64;

/** Passwords Gatehouse makes up (first admin, admin-created accounts, resets): 144 random bits, base64url. */
public final class GeneratedPasswords {

    private static final int RANDOM_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedPasswords() {}

    public static String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
