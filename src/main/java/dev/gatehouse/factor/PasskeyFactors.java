package dev.gatehouse.factor;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.PasskeyChallenges.Purpose;
import dev.gatehouse.security.PrintableText;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Users' passkeys: the options a browser needs to create or use one, registering a new one, checking an assertion,
 * and listing, renaming and removing them. Knows nothing of sessions, sign-ins or the audit trail: callers decide what
 * a verified assertion proves and record it, in the transaction this joins. Offered only when the application knows
 * its public origin ({@code GATEHOUSE_PUBLIC_ORIGIN}: the relying-party id is its host, the only origin accepted is
 * it) and has a secret key (challenges are authenticated with it). Binary values travel as base64url, as WebAuthn's
 * JSON forms do.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class PasskeyFactors {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    /** Longer base64url input than any real answer has is refused before decoding. */
    private static final int MAX_ENCODED = 16 * 1024;

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    GatehouseSettings settings;

    @Inject
    SpentChallenges spent;

    @Inject
    Clock clock;

    private Optional<Passkeys> verifier = Optional.empty();
    private Optional<PasskeyChallenges> challenges = Optional.empty();
    private String rpId = "";

    @PostConstruct
    void init() {
        if (settings.publicOrigin().isPresent() && settings.secretKey().isPresent()) {
            String origin = settings.publicOrigin().get();
            rpId = URI.create(origin).getHost();
            verifier = Optional.of(new Passkeys(Set.of(origin), rpId));
            challenges = Optional.of(new PasskeyChallenges(
                    SecretBox.decodeKey(settings.secretKey().get())));
        }
    }

    /** What a browser needs for {@code navigator.credentials.create()} or {@code get()}, base64url where binary. */
    public record Options(
            String challenge,
            String rpId,
            String userHandle,
            String userName,
            String displayName,
            List<String> credentialIds,
            boolean userVerificationRequired) {

        /** The credential ids, comma-separated, for a page's data attribute. */
        public String credentialIdList() {
            return String.join(",", credentialIds);
        }
    }

    /** What {@code navigator.credentials.create()} returned, as the page posts it. */
    public record Registration(String clientDataJson, String attestationObject, String transports) {}

    /** What {@code navigator.credentials.get()} returned, as the page posts it. */
    public record Assertion(
            String credentialId, String clientDataJson, String authenticatorData, String signature, String userHandle) {

        /** Whether the browser sent an answer at all (the page's passkey fields are filled). */
        public boolean isPresent() {
            return credentialId != null && !credentialId.isBlank();
        }
    }

    /** The outcome of checking an assertion. */
    public sealed interface Verification {
        /** A right answer by the passkey {@code name} of user {@code userId}; its counter was moved on. */
        record Verified(long userId, String name) implements Verification {}

        /**
         * Refused: unknown or foreign credential, a challenge not issued for this step, already used or expired, a
         * bad signature, no user verification where required. {@code cloned}: the signature was right but the counter
         * did not grow, so the passkey (of {@code userId}) was probably copied; callers audit that.
         */
        record Refused(Optional<Long> userId, Optional<String> name, boolean cloned) implements Verification {}
    }

    /** Whether passkeys are offered: only with a public origin and a secret key. */
    @Transactional(TxType.SUPPORTS)
    public boolean available() {
        return verifier.isPresent();
    }

    /** Whether passkeys alone sign people in (without a password), with user verification. */
    @Transactional(TxType.SUPPORTS)
    public boolean passwordless() {
        return available() && settings.passkeyPasswordless();
    }

    /**
     * Options for adding a passkey to a user, answered for {@code binding} (a session, or a pending sign-in that must
     * enrol one): the user's handle and names, and their passkeys, which the authenticator must not register again.
     */
    @Transactional(TxType.REQUIRED)
    public Options registrationOptions(long userId, String username, String displayName, String binding) {
        PasskeyChallenges issuer = challenges.orElseThrow(PasskeyFactors::unavailable);
        return new Options(
                B64.encodeToString(issuer.issue(Purpose.REGISTER, binding, clock.instant())),
                rpId,
                B64.encodeToString(issuer.userHandle(userId)),
                username,
                displayName,
                credentialIdsOf(userId),
                settings.passkeyPasswordless());
    }

    /**
     * Options for using a passkey in {@code purpose} for {@code binding}: the user's passkeys when the user is known
     * (after a password, in sudo mode), none for a passwordless sign-in (the authenticator offers what it has).
     */
    @Transactional(TxType.REQUIRED)
    public Options assertionOptions(Purpose purpose, String binding, Optional<Long> userId) {
        PasskeyChallenges issuer = challenges.orElseThrow(PasskeyFactors::unavailable);
        return new Options(
                B64.encodeToString(issuer.issue(purpose, binding, clock.instant())),
                rpId,
                "",
                "",
                "",
                userId.map(this::credentialIdsOf).orElse(List.of()),
                purpose == Purpose.PASSWORDLESS);
    }

    /**
     * Registers a new passkey for {@code userId} from the browser's answer to a {@link Purpose#REGISTER} challenge
     * issued for {@code binding}. User verification is required when passkeys sign in without a password.
     *
     * @return the new passkey; empty when the answer is refused or the credential is registered already
     */
    public Optional<PasskeyCredential> register(long userId, String binding, String name, Registration answer) {
        if (verifier.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> clientData = decode(answer.clientDataJson());
        Optional<byte[]> attestation = decode(answer.attestationObject());
        if (clientData.isEmpty() || attestation.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<byte[]> challenge =
                challenges.get().redeem(clientData.get(), Purpose.REGISTER, binding, now, this::spend);
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        Passkeys.Registered registered;
        try {
            registered = verifier.get()
                    .register(
                            clientData.get(),
                            attestation.get(),
                            transports(answer.transports()),
                            challenge.get(),
                            settings.passkeyPasswordless());
        } catch (Passkeys.Refused refused) {
            return Optional.empty();
        }
        if (find(registered.credentialId()).isPresent()) {
            return Optional.empty();
        }
        PasskeyCredential passkey = new PasskeyCredential(
                userId, challenges.get().userHandle(userId), registered, cleanName(name, userId), now);
        em.persist(passkey);
        return Optional.of(passkey);
    }

    /**
     * Checks the browser's answer to a challenge issued for {@code purpose} and {@code binding}. The passkey's row is
     * locked while its counter is checked and moved, so the same answer cannot pass twice on two nodes.
     *
     * @param expectedUser the user who must own the passkey (after a password, in sudo mode); empty for a
     *     passwordless sign-in, where the passkey names its owner and must hand back the owner's user handle
     */
    public Verification verify(
            Purpose purpose, String binding, Assertion answer, Optional<Long> expectedUser, String ip) {
        Verification.Refused refused = new Verification.Refused(expectedUser, Optional.empty(), false);
        if (verifier.isEmpty() || answer == null || !answer.isPresent()) {
            return refused;
        }
        Optional<byte[]> credentialId = decode(answer.credentialId());
        Optional<byte[]> clientData = decode(answer.clientDataJson());
        Optional<byte[]> authenticatorData = decode(answer.authenticatorData());
        Optional<byte[]> signature = decode(answer.signature());
        Optional<byte[]> userHandle =
                answer.userHandle() == null || answer.userHandle().isEmpty()
                        ? Optional.of(new byte[0])
                        : decode(answer.userHandle());
        if (credentialId.isEmpty()
                || clientData.isEmpty()
                || authenticatorData.isEmpty()
                || signature.isEmpty()
                || userHandle.isEmpty()) {
            return refused;
        }
        Optional<PasskeyCredential> found = find(credentialId.get());
        if (found.isEmpty()) {
            return refused;
        }
        PasskeyCredential passkey = em.find(PasskeyCredential.class, found.get().id(), LockModeType.PESSIMISTIC_WRITE);
        boolean handleChecked = expectedUser.isEmpty() || userHandle.get().length > 0;
        if (passkey == null
                || expectedUser.filter(user -> user != passkey.userId()).isPresent()
                || (handleChecked && !passkey.hasUserHandle(userHandle.get()))) {
            return refused;
        }
        Instant now = clock.instant();
        Optional<byte[]> challenge = challenges.get().redeem(clientData.get(), purpose, binding, now, this::spend);
        if (challenge.isEmpty()) {
            return refused;
        }
        try {
            Passkeys.Asserted asserted = verifier.get()
                    .authenticate(
                            credentialId.get(),
                            userHandle.get().length == 0 ? null : userHandle.get(),
                            authenticatorData.get(),
                            clientData.get(),
                            signature.get(),
                            passkey.stored(),
                            challenge.get(),
                            purpose == Purpose.PASSWORDLESS);
            passkey.used(asserted, now, ip);
            return new Verification.Verified(passkey.userId(), passkey.name());
        } catch (Passkeys.Refused wrong) {
            return new Verification.Refused(
                    Optional.of(passkey.userId()), Optional.of(passkey.name()), wrong.counterWentBack());
        }
    }

    /** The user's passkeys, oldest first. */
    @Transactional(TxType.REQUIRED)
    public List<PasskeyCredential> list(long userId) {
        return em.createNamedQuery(PasskeyCredential.OF_USER, PasskeyCredential.class)
                .setParameter("userId", userId)
                .getResultList();
    }

    /** The user's passkeys, locked in one order, so two removals at once cannot both see another one left. */
    public List<PasskeyCredential> lockAll(long userId) {
        return em.createNamedQuery(PasskeyCredential.OF_USER, PasskeyCredential.class)
                .setParameter("userId", userId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    @Transactional(TxType.REQUIRED)
    public boolean hasAny(long userId) {
        return em.createNamedQuery(PasskeyCredential.COUNT_OF_USER, Long.class)
                        .setParameter("userId", userId)
                        .getSingleResult()
                > 0;
    }

    /** Renames one of the user's passkeys. @return the old name; empty when the user has no passkey {@code id} */
    public Optional<String> rename(long userId, long id, String name) {
        return owned(userId, id).map(passkey -> {
            String old = passkey.name();
            passkey.rename(cleanName(name, userId));
            return old;
        });
    }

    /** Removes one of the user's passkeys. @return its name; empty when the user has no passkey {@code id} */
    public Optional<String> remove(long userId, long id) {
        return owned(userId, id).map(passkey -> {
            em.remove(passkey);
            return passkey.name();
        });
    }

    /** Removes all of the user's passkeys. @return how many there were */
    public int removeAll(long userId) {
        return em.createNamedQuery(PasskeyCredential.DELETE_OF_USER)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    /** A passkey of {@code userId}, locked; another user's id is as unknown as a missing one. */
    private Optional<PasskeyCredential> owned(long userId, long id) {
        return Optional.ofNullable(em.find(PasskeyCredential.class, id, LockModeType.PESSIMISTIC_WRITE))
                .filter(passkey -> passkey.userId() == userId);
    }

    private Optional<PasskeyCredential> find(byte[] credentialId) {
        return em
                .createNamedQuery(PasskeyCredential.BY_CREDENTIAL_ID, PasskeyCredential.class)
                .setParameter("credentialId", credentialId)
                .getResultList()
                .stream()
                .findFirst();
    }

    private List<String> credentialIdsOf(long userId) {
        return list(userId).stream()
                .map(passkey -> B64.encodeToString(passkey.credentialId()))
                .toList();
    }

    private boolean spend(String digest, Instant expiresAt) {
        try {
            spent.spend(digest, expiresAt);
            return true;
        } catch (PersistenceException spentBefore) {
            return false;
        }
    }

    /** A printable name of at most {@value PasskeyCredential#NAME_MAX_LENGTH} characters; a default when blank. */
    private String cleanName(String name, long userId) {
        String clean = PrintableText.clip(name == null ? "" : name.strip(), PasskeyCredential.NAME_MAX_LENGTH);
        if (!clean.isBlank()) {
            return clean;
        }
        return "Passkey " + (list(userId).size() + 1);
    }

    private static Set<String> transports(String posted) {
        if (posted == null || posted.length() > 200) {
            return Set.of();
        }
        return Arrays.stream(posted.split(","))
                .map(String::strip)
                .filter(t -> t.matches("[a-z-]{1,20}"))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Optional<byte[]> decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED) {
            return Optional.empty();
        }
        try {
            return Optional.of(B64_DECODER.decode(encoded));
        } catch (IllegalArgumentException notBase64Url) {
            return Optional.empty();
        }
    }

    private static IllegalStateException unavailable() {
        return new IllegalStateException(
                "Passkeys need " + GatehouseSettings.PUBLIC_ORIGIN + " and " + GatehouseSettings.SECRET_KEY);
    }
}
