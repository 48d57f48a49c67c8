package dev.gatehouse.user;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing, stored as a PHC string ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}) so the
 * parameters travel with each hash and can be raised later ({@link #needsRehash}).
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})"
            + "\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    /** At most one hash per core at a time: Argon2id is CPU- and memory-bound, more in parallel only queue up. */
    private final Semaphore slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private long waitMillis;
    private int memoryKib;
    private int iterations;
    private int parallelism;
    private String dummyHash;
    /** A smoothed duration of recent verifications, so a refusal without hashing can take as long as one. */
    private volatile long typicalVerifyNanos = Duration.ofMillis(40).toNanos();

    protected PasswordHasher() {
        // for CDI
    }

    @Inject
    public PasswordHasher(GatehouseSettings settings) {
        this.memoryKib = settings.argon2MemoryKib();
        this.iterations = settings.argon2Iterations();
        this.parallelism = settings.argon2Parallelism();
        this.waitMillis = settings.hashingWait().toMillis();
        byte[] unguessable = new byte[32];
        random.nextBytes(unguessable);
        this.dummyHash = newHash(B64.encodeToString(unguessable));
    }

    /** Hashes a password with the configured parameters and a fresh salt. */
    public String hash(String password) {
        return newHash(password);
    }

    private String newHash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(normalise(password), salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code storedHash}; false for anything that is not a hash this class made. */
    public boolean verify(String storedHash, String password) {
        Optional<Matcher> parsed = parse(storedHash);
        if (parsed.isEmpty()) {
            return false;
        }
        Matcher m = parsed.get();
        byte[] salt = B64_DECODER.decode(m.group(4));
        byte[] expected = B64_DECODER.decode(m.group(5));
        byte[] actual = argon2(
                normalise(password),
                salt,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Spends the same work as a real verification (a hashing slot and one Argon2id run against a hash of an
     * unguessable password) and answers nothing; used for unknown users so that response time does not tell
     * whether an account exists.
     */
    public void verifyAgainstDummy(String password) {
        verify(dummyHash, password);
    }

    /**
     * Takes about as long as a verification without computing one (waits for a slot, but uses no CPU): for attempts
     * refused before any hash, e.g. on a locked account, so their answer comes no faster than a wrong password's
     * and is "busy" exactly when a real check would be.
     *
     * @throws HashingBusyException when no hashing slot freed up in time
     */
    public void waitLikeAVerification() {
        acquireSlot();
        slots.release(); // got one, as a hash would have; the wait below needs no CPU, so nobody else waits for it
        try {
            TimeUnit.NANOSECONDS.sleep(typicalVerifyNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a stored hash was made with other (weaker) parameters than the configured ones. */
    public boolean needsRehash(String storedHash) {
        return parse(storedHash)
                .map(m -> Integer.parseInt(m.group(1)) < memoryKib
                        || Integer.parseInt(m.group(2)) < iterations
                        || Integer.parseInt(m.group(3)) != parallelism)
                .orElse(true);
    }

    private static Optional<Matcher> parse(String storedHash) {
        if (storedHash == null) {
            return Optional.empty();
        }
        Matcher m = PHC.matcher(storedHash);
        return m.matches() ? Optional.of(m) : Optional.empty();
    }

    /** NFKC, as NIST SP 800-63B suggests, so the same password typed on another keyboard still matches. */
    private static byte[] normalise(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    }

    /** Argon2id in one of the bounded slots. @throws HashingBusyException if none frees up in time */
    private byte[] argon2(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        acquireSlot();
        try {
            long started = System.nanoTime();
            byte[] hash = computeArgon2(password, salt, memoryKib, iterations, parallelism, length);
            typicalVerifyNanos = (typicalVerifyNanos * 7 + (System.nanoTime() - started)) / 8; // the work, not the wait
            return hash;
        } finally {
            slots.release();
        }
    }

    /** Takes one of the bounded hashing slots. @throws HashingBusyException if none frees up in time */
    private void acquireSlot() {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException("Interrupted while waiting for a password-hashing slot");
        }
        if (!acquired) {
            throw new HashingBusyException("All password-hashing slots stayed busy for " + waitMillis + " ms");
        }
    }

    private static byte[] computeArgon2(
            byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
