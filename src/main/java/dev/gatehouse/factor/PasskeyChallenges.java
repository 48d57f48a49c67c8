package dev.gatehouse.factor;

import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.util.exception.WebAuthnException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;

/**
 * WebAuthn challenges issued without a database write and redeemed once. A challenge is a random nonce, its expiry
 * and an HMAC-SHA-256 (under a key derived from {@code GATEHOUSE_SECRET_KEY}) over both and what it was issued for:
 * its {@link Purpose} and a binding (the pending sign-in, the session, or the anonymous browser). So a challenge
 * issued to one sign-in does not verify for another, a forged or expired one is refused before any signature is
 * checked, and a page view costs no write. Redeeming writes the challenge's digest to a {@link Ledger} that accepts
 * each digest once: the single use holds across nodes and against two requests racing with the same answer.
 */
public final class PasskeyChallenges {

    /** How long a challenge can be answered. */
    public static final Duration LIFETIME = Duration.ofMinutes(2);

    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 32;
    /** nonce, expiry (epoch seconds), MAC. */
    static final int LENGTH = NONCE_BYTES + Long.BYTES + MAC_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CollectedClientDataConverter CLIENT_DATA =
            new CollectedClientDataConverter(new ObjectConverter());

    private final SecretKeySpec macKey;

    /** What a challenge is for; one issued for one purpose never verifies for another. */
    public enum Purpose {
        /** Adding a passkey: bound to the session (or to the pending sign-in that must enrol one). */
        REGISTER,
        /** A passkey as the second step after a right password: bound to the pending sign-in. */
        SECOND_FACTOR,
        /** Signing in with a passkey alone: bound to the anonymous browser. */
        PASSWORDLESS,
        /** Sudo mode: bound to the session. */
        CONFIRM
    }

    /** Records redeemed challenges; {@link #spend} accepts each digest once, on every node. */
    @FunctionalInterface
    public interface Ledger {
        /** @return whether {@code digest} was not spent before (and now is, until {@code expiresAt}) */
        boolean spend(String digest, Instant expiresAt);
    }

    /** The binding of challenges issued to a signed-in session (adding a passkey, sudo mode). */
    public static String sessionBinding(java.util.UUID sessionId) {
        return "session:" + sessionId;
    }

    /** The binding of challenges issued to a pending sign-in (the second step, enrolment). */
    public static String pendingSignInBinding(java.util.UUID pendingId) {
        return "pending:" + pendingId;
    }

    /** The binding of challenges issued to an anonymous browser, by a digest of a secret only it sends. */
    public static String browserBinding(byte[] secretDigest) {
        return "browser:" + HexFormat.of().formatHex(secretDigest);
    }

    /** @param secretKey the application's secret key; challenges are authenticated with a key derived from it */
    public PasskeyChallenges(byte[] secretKey) {
        this.macKey = new SecretKeySpec(
                hmac(new SecretKeySpec(secretKey, "HmacSHA256"), "gatehouse passkey".getBytes(StandardCharsets.UTF_8)),
                "HmacSHA256");
    }

    /** A new challenge for {@code purpose} and {@code binding}, good for {@link #LIFETIME} from {@code now}. */
    public byte[] issue(Purpose purpose, String binding, Instant now) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        long expiry = now.plus(LIFETIME).getEpochSecond();
        return ByteBuffer.allocate(LENGTH)
                .put(nonce)
                .putLong(expiry)
                .put(mac(purpose, binding, nonce, expiry))
                .array();
    }

    /**
     * Redeems the challenge a browser answered (read from its client data): it must be one this application issued
     * for {@code purpose} and {@code binding}, unexpired at {@code now}, and not redeemed before.
     *
     * @return the challenge, for the signature check; empty when any of that does not hold
     */
    public Optional<byte[]> redeem(byte[] clientDataJson, Purpose purpose, String binding, Instant now, Ledger ledger) {
        return challengeOf(clientDataJson)
                .filter(challenge -> isValid(challenge, purpose, binding, now))
                .filter(challenge -> ledger.spend(digest(challenge), expiryOf(challenge)));
    }

    /**
     * The WebAuthn user id of a user: what an authenticator stores with a discoverable credential and hands back at
     * a passwordless sign-in. Derived with the challenges' key, so it is stable, reveals neither the username nor
     * the database id, and needs no storage before the first passkey.
     */
    public byte[] userHandle(long userId) {
        return hmac(macKey, ("user-handle\n" + userId).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code challenge} was issued for {@code purpose} and {@code binding} and is unexpired at {@code now}. */
    boolean isValid(byte[] challenge, Purpose purpose, String binding, Instant now) {
        if (challenge.length != LENGTH) {
            return false;
        }
        ByteBuffer in = ByteBuffer.wrap(challenge);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        long expiry = in.getLong();
        byte[] presented = new byte[MAC_BYTES];
        in.get(presented);
        return MessageDigest.isEqual(presented, mac(purpose, binding, nonce, expiry)) && now.getEpochSecond() < expiry;
    }

    /** The challenge in a browser's client data JSON; empty when it is not client data. */
    static Optional<byte[]> challengeOf(byte[] clientDataJson) {
        try {
            CollectedClientData data = CLIENT_DATA.convert(clientDataJson);
            return Optional.ofNullable(data)
                    .map(CollectedClientData::getChallenge)
                    .map(c -> c.getValue());
        } catch (WebAuthnException | JacksonException | IllegalArgumentException | NullPointerException malformed) {
            return Optional.empty();
        }
    }

    static String digest(byte[] challenge) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(challenge));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant expiryOf(byte[] challenge) {
        return Instant.ofEpochSecond(
                ByteBuffer.wrap(challenge, NONCE_BYTES, Long.BYTES).getLong());
    }

    private byte[] mac(Purpose purpose, String binding, byte[] nonce, long expiry) {
        byte[] context = (purpose.name() + '\n' + binding + '\n').getBytes(StandardCharsets.UTF_8);
        byte[] message = ByteBuffer.allocate(context.length + nonce.length + Long.BYTES)
                .put(context)
                .put(nonce)
                .putLong(expiry)
                .array();
        return hmac(macKey, message);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
