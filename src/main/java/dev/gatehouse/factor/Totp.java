package dev.gatehouse.factor;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, six digits, 30-second steps, the
 * parameters every authenticator app understands. Pure arithmetic; remembering which step was used last (so a code
 * works once) is the caller's job, with the step {@link #match} returns.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    /** Steps accepted either side of the current one, for clocks that drift (RFC 6238 section 5.2). */
    public static final int DRIFT_STEPS = 1;
    /** Length of a new secret: 160 bits, the size of an HMAC-SHA1 key (RFC 4226 section 4). */
    public static final int SECRET_BYTES = 20;

    private static final String HMAC = "HmacSHA1";
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The time step {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code for one time step, as the six digits an app shows (leading zeros kept). */
    public static String code(byte[] secret, long step) {
        return format(truncate(hmac(secret, step), DIGITS), DIGITS);
    }

    /**
     * The time step whose code {@code typed} is, looking {@value #DRIFT_STEPS} step either side of {@code now}'s and
     * only at steps after {@code lastUsedStep} (so an accepted code, or an older one, never works again). Every
     * candidate is computed and compared in constant time, so the answer's timing tells nothing about which matched.
     *
     * @return the matching step, or empty when the code is wrong, malformed, replayed or too old
     */
    public static OptionalLong match(byte[] secret, String typed, Instant now, OptionalLong lastUsedStep) {
        if (typed == null || typed.length() != DIGITS || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = typed.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long current = step(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            byte[] expected = code(secret, step).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            boolean fresh = lastUsedStep.isEmpty() || step > lastUsedStep.getAsLong();
            if (MessageDigest.isEqual(expected, given) && fresh && matched == Long.MIN_VALUE) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** RFC 4226 section 5.3: dynamic truncation to {@code digits} decimal digits. */
    static int truncate(byte[] hmac, int digits) {
        int offset = hmac[hmac.length - 1] & 0x0f;
        int binary = ((hmac[offset] & 0x7f) << 24)
                | ((hmac[offset + 1] & 0xff) << 16)
                | ((hmac[offset + 2] & 0xff) << 8)
                | (hmac[offset + 3] & 0xff);
        return binary % POWERS[digits];
    }

    static String format(int value, int digits) {
        String plain = Integer.toString(value);
        return "0".repeat(digits - plain.length()) + plain;
    }

    private static byte[] hmac(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every Java runtime", e);
        }
    }
}
