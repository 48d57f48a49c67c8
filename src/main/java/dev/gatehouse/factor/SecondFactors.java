package dev.gatehouse.factor;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Users' second factors: enrolling an authenticator app (TOTP), checking a typed code, and the recovery codes that
 * stand in for a lost phone. Knows nothing of sessions, lockouts or the audit trail: callers count wrong codes
 * ({@code SignInAttempts}) and record what happened, in the transaction this joins. A code is checked with the
 * factor's row locked, so a code accepted on one node is refused on every other, even at the same instant. Reads
 * run in a transaction of their own when called outside one (never on a non-transactional entity manager, whose
 * connection Payara keeps for the rest of the request).
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class SecondFactors {

    /** Shown in authenticator apps above the account name. */
    public static final String ISSUER = "Gatehouse";

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    private Optional<SecretBox> box;

    @PostConstruct
    void init() {
        box = settings.secretKey().map(SecretBox::withKey);
    }

    /** Which second factor a user has. */
    public enum State {
        /** None, or an enrolment nobody confirmed yet. */
        NONE,
        /** A confirmed authenticator app. */
        TOTP
    }

    /** What a code proved: the factor it belongs to, and (for a recovery code) how many codes are left. */
    public record Proof(Kind kind, long recoveryCodesLeft) {
        public enum Kind {
            TOTP,
            RECOVERY_CODE,
            /** A WebAuthn credential: the phishing-resistant factor. */
            PASSKEY
        }
    }

    /** An enrolment waiting for its first code: the secret as an app takes it, by hand or from the QR code. */
    public record Enrolment(String secret, String otpauthUri) {
        /** The secret in groups of four, easier to type into an app by hand. */
        public String groupedSecret() {
            return secret.replaceAll("(.{4})(?!$)", "$1 ");
        }

        public String qrSvg() {
            return QrCodes.svg(otpauthUri, 200);
        }
    }

    /** A recovery code that was used, for telling its owner. */
    public record RecoveryUse(Instant at, String ip) {}

    /** Whether second factors can be enrolled here: only with a key to seal their secrets. */
    @Transactional(TxType.REQUIRED)
    public boolean available() {
        return box.isPresent();
    }

    @Transactional(TxType.REQUIRED)
    public State stateOf(long userId) {
        TotpFactor factor = em.find(TotpFactor.class, userId);
        return factor != null && factor.isConfirmed() ? State.TOTP : State.NONE;
    }

    /**
     * Starts (or restarts) enrolling an authenticator for a user who has none confirmed: a new secret, sealed, that
     * counts once {@link #confirmEnrolment} sees a code made from it.
     *
     * @return the enrolment; empty when the user already has a confirmed factor (checked with its row locked, so
     *     also when another tab confirmed one a moment ago) or no key is configured
     */
    public Optional<Enrolment> startEnrolment(long userId, String username) {
        if (box.isEmpty()) {
            return Optional.empty();
        }
        SecretBox sealer = box.get();
        byte[] secret = new byte[Totp.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String sealed = sealer.seal(secret, TotpFactor.purpose(userId));
        TotpFactor factor = em.find(TotpFactor.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (factor == null) {
            em.persist(new TotpFactor(userId, sealed, clock.instant()));
        } else if (factor.isConfirmed()) {
            return Optional.empty();
        } else {
            factor.restartEnrolment(sealed, clock.instant());
        }
        return Optional.of(enrolment(secret, username));
    }

    /** The enrolment a user started and has not confirmed yet, to show again. */
    @Transactional(TxType.REQUIRED)
    public Optional<Enrolment> pendingEnrolment(long userId, String username) {
        return Optional.ofNullable(em.find(TotpFactor.class, userId))
                .filter(factor -> !factor.isConfirmed())
                .flatMap(this::secretOf)
                .map(secret -> enrolment(secret, username));
    }

    /**
     * Confirms a started enrolment with a code from the app. The code is used up like any other.
     *
     * @return the new recovery codes, to be shown once; empty when the code is wrong or nothing was started
     */
    public Optional<List<String>> confirmEnrolment(long userId, String typed) {
        TotpFactor factor = em.find(TotpFactor.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (factor == null || factor.isConfirmed()) {
            return Optional.empty();
        }
        OptionalLong step = secretOf(factor)
                .map(secret -> Totp.match(secret, normalise(typed), clock.instant(), OptionalLong.empty()))
                .orElse(OptionalLong.empty());
        if (step.isEmpty()) {
            return Optional.empty();
        }
        factor.used(step.getAsLong());
        factor.confirm(clock.instant());
        return Optional.of(newRecoveryCodes(userId));
    }

    /**
     * Checks a typed code: six digits against the authenticator (each step works once), anything else as a recovery
     * code (each works once). Nothing is proved by a user without a confirmed factor.
     *
     * @return what the code proved, or empty when it is wrong, used, malformed or the user has no factor
     */
    public Optional<Proof> verify(long userId, String typed, String ip) {
        TotpFactor factor = em.find(TotpFactor.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (factor == null || !factor.isConfirmed() || typed == null || typed.length() > 100) {
            return Optional.empty();
        }
        String code = normalise(typed);
        if (code.length() == Totp.DIGITS) {
            Instant now = clock.instant();
            OptionalLong step = secretOf(factor)
                    .map(secret -> Totp.match(secret, code, now, factor.lastUsedStep()))
                    .orElse(OptionalLong.empty());
            step.ifPresent(factor::used);
            return step.isPresent() ? Optional.of(new Proof(Proof.Kind.TOTP, 0)) : Optional.empty();
        }
        Optional<String> digest = RecoveryCodes.digest(typed);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        int used = em.createNamedQuery(RecoveryCode.USE)
                .setParameter("now", clock.instant())
                .setParameter("ip", ip)
                .setParameter("userId", userId)
                .setParameter("digest", digest.get())
                .executeUpdate();
        return used == 1
                ? Optional.of(new Proof(Proof.Kind.RECOVERY_CODE, recoveryCodesLeft(userId)))
                : Optional.empty();
    }

    /** A new set of recovery codes, replacing every old one; shown once. */
    public List<String> regenerateRecoveryCodes(long userId) {
        if (stateOf(userId) != State.TOTP) {
            throw new IllegalStateException("User " + userId + " has no second factor to recover");
        }
        return newRecoveryCodes(userId);
    }

    @Transactional(TxType.REQUIRED)
    public long recoveryCodesLeft(long userId) {
        return em.createNamedQuery(RecoveryCode.COUNT_UNUSED, Long.class)
                .setParameter("userId", userId)
                .getSingleResult();
    }

    /** Removes the user's authenticator and recovery codes. @return whether there was a confirmed factor */
    public boolean removeAll(long userId) {
        TotpFactor factor = em.find(TotpFactor.class, userId, LockModeType.PESSIMISTIC_WRITE);
        em.createNamedQuery(RecoveryCode.DELETE_OF_USER)
                .setParameter("userId", userId)
                .executeUpdate();
        if (factor == null) {
            return false;
        }
        em.remove(factor);
        return factor.isConfirmed();
    }

    /**
     * Recovery codes used since the user was last told, marked as told now: shown at a sign-in other than the one
     * that used them, so someone who signed in with a stolen code cannot hide it.
     */
    public List<RecoveryUse> takeRecoveryNotices(long userId) {
        List<RecoveryCode> uses = em.createNamedQuery(RecoveryCode.UNNOTIFIED_USES, RecoveryCode.class)
                .setParameter("userId", userId)
                .getResultList();
        Instant now = clock.instant();
        uses.forEach(use -> use.notified(now));
        return uses.stream()
                .map(use -> new RecoveryUse(use.usedAt(), use.usedIp()))
                .toList();
    }

    /** The user's most recent recovery code uses, newest first. */
    @Transactional(TxType.REQUIRED)
    public List<RecoveryUse> recentRecoveryUses(long userId, int max) {
        return em
                .createNamedQuery(RecoveryCode.RECENT_USES, RecoveryCode.class)
                .setParameter("userId", userId)
                .setMaxResults(max)
                .getResultList()
                .stream()
                .map(use -> new RecoveryUse(use.usedAt(), use.usedIp()))
                .toList();
    }

    /**
     * Startup check: factors exist only with the key that sealed them. Fails when any confirmed factor exists but
     * no key is configured, or the configured key does not open a stored secret (the key was changed or lost).
     */
    @Transactional(TxType.REQUIRED)
    public void checkKeyMatchesStoredSecrets() {
        List<TotpFactor> some = em.createQuery(
                        "select f from TotpFactor f where f.confirmedAt is not null order by f.userId",
                        TotpFactor.class)
                .setMaxResults(1)
                .getResultList();
        if (some.isEmpty()) {
            return;
        }
        if (box.isEmpty()) {
            throw new IllegalStateException("Second factors are enrolled, but " + GatehouseSettings.SECRET_KEY
                    + " (GATEHOUSE_SECRET_KEY) is not set: set the key they were sealed with");
        }
        if (secretOf(some.get(0)).isEmpty()) {
            throw new IllegalStateException(GatehouseSettings.SECRET_KEY + " (GATEHOUSE_SECRET_KEY) does not open the"
                    + " stored second-factor secrets: it is not the key they were sealed with");
        }
    }

    private List<String> newRecoveryCodes(long userId) {
        em.createNamedQuery(RecoveryCode.DELETE_OF_USER)
                .setParameter("userId", userId)
                .executeUpdate();
        List<String> codes = RecoveryCodes.newSet();
        Instant now = clock.instant();
        codes.forEach(code ->
                em.persist(new RecoveryCode(userId, RecoveryCodes.digest(code).orElseThrow(), now)));
        return codes;
    }

    private Optional<byte[]> secretOf(TotpFactor factor) {
        return box.flatMap(b -> b.open(factor.sealedSecret(), TotpFactor.purpose(factor.userId())));
    }

    private static Enrolment enrolment(byte[] secret, String username) {
        String encoded = Base32.encode(secret);
        String label = URLEncoder.encode(ISSUER + ":" + username, StandardCharsets.UTF_8)
                .replace("+", "%20");
        return new Enrolment(
                encoded,
                "otpauth://totp/" + label + "?secret=" + encoded + "&issuer=" + ISSUER + "&algorithm=SHA1&digits="
                        + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS);
    }

    /** Codes as people type them: spaces (apps show {@code 123 456}) dropped. */
    private static String normalise(String typed) {
        return typed == null ? "" : typed.replaceAll("\\s", "");
    }
}
