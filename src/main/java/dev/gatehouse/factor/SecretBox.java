package dev.gatehouse.factor;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts second-factor secrets at rest with AES-256-GCM under the key of {@code GATEHOUSE_SECRET_KEY} (32 random
 * bytes, base 64). Each value gets its own random 96-bit nonce; what it belongs to (e.g. {@code "totp:42"} for
 * user 42) is bound in as associated data, so a sealed secret copied onto another user's row does not open.
 */
public final class SecretBox {

    /** Key length: AES-256. */
    public static final int KEY_BYTES = 32;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Stored in front of the nonce, so a later key or algorithm can be told apart. */
    private static final byte VERSION = 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The box for a key in base 64 (standard or URL-safe alphabet).
     *
     * @throws IllegalArgumentException when it is not base 64 of exactly {@value #KEY_BYTES} bytes
     */
    public static SecretBox withKey(String base64Key) {
        return new SecretBox(decodeKey(base64Key));
    }

    /**
     * The key's bytes, for deriving other keys from it.
     *
     * @throws IllegalArgumentException when it is not base 64 of exactly {@value #KEY_BYTES} bytes
     */
    public static byte[] decodeKey(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret key is not base 64", e);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the secret key must be " + KEY_BYTES + " bytes (e.g. openssl rand"
                    + " -base64 32), not " + key.length);
        }
        return key;
    }

    /** {@code plain} encrypted for {@code purpose}: version, nonce, ciphertext and tag, in base 64. */
    public String seal(byte[] plain, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, purpose, plain);
        return Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                        .put(VERSION)
                        .put(nonce)
                        .put(sealed)
                        .array());
    }

    /** The plain bytes, or empty when {@code sealed} was not sealed by this key for {@code purpose}, or was altered. */
    public Optional<byte[]> open(String sealed, String purpose) {
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(sealed));
            if (in.remaining() < 1 + NONCE_BYTES + TAG_BITS / 8 || in.get() != VERSION) {
                return Optional.empty();
            }
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            return Optional.of(run(Cipher.DECRYPT_MODE, nonce, purpose, body));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private byte[] run(int mode, byte[] nonce, String purpose, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("altered, or sealed with another key or purpose", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
