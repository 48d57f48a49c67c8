package dev.gatehouse.session;

import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.PasskeyChallenges;
import dev.gatehouse.factor.PasskeyCredential;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.factor.SecondFactors.Enrolment;
import dev.gatehouse.factor.SecondFactors.Proof;
import dev.gatehouse.factor.SecondFactors.RecoveryUse;
import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.SignInAttempts.CodeCheck;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The second step of a sign-in: a {@link PendingSignIn} left by a right password becomes a session once the user
 * types a code from their authenticator (or a recovery code) or answers with a passkey, or, when their role requires
 * a factor they do not have, once they have enrolled one (a passkey, where the role accepts nothing else). Passkey
 * challenges are bound to the pending sign-in. Wrong codes count toward the account's lockout like wrong passwords; every
 * failure looks the same to the browser. The pending state is used once and lives a few minutes.
 */
@ApplicationScoped
@Transactional
public class TwoStepSignIn {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    SecondFactors factors;

    @Inject
    PasskeyFactors passkeys;

    @Inject
    SecondFactorPolicy policy;

    @Inject
    SignInAttempts attempts;

    @Inject
    SessionService sessions;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SessionMetrics metrics;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /**
     * A pending sign-in as its page shows it: for the second step, whether codes are accepted and the options of the
     * passkey it may use instead; for enrolment, the authenticator app's secret (unless the role accepts only
     * passkeys) and the options for registering a passkey (where passkeys are offered).
     */
    public record Pending(
            PendingSignIn.Purpose purpose,
            String username,
            Optional<Enrolment> enrolment,
            boolean factorsAvailable,
            boolean codesAccepted,
            boolean passkeyRequired,
            Optional<PasskeyFactors.Options> passkey,
            boolean codeBeforePasskey) {}

    /** The outcome of a second step. */
    public sealed interface Outcome {
        /** Signed in. {@code recoveryCodes}: shown once, after an enrolment. */
        record SignedIn(
                NewSession session,
                Optional<String> returnTo,
                Optional<String> newDeviceToken,
                List<String> recoveryCodes,
                Optional<Proof> proof,
                List<RecoveryUse> recoveryNotices)
                implements Outcome {}

        /** Wrong code, used code, locked, expired or unknown pending state: all the same to the browser. */
        record Failed(boolean pendingGone) implements Outcome {}
    }

    /**
     * Starts the second step for a user whose password was just proved (called in that sign-in's transaction). For an
     * enrolment, a new authenticator secret is made now, so each sign-in shows a fresh one.
     *
     * @return the raw token of the pending state, for a short-lived cookie
     */
    String begin(
            User user,
            PendingSignIn.Purpose purpose,
            ClientInfo client,
            Optional<String> returnTo,
            Optional<byte[]> deviceTokenHash) {
        String token = OpaqueTokens.generate();
        em.persist(new PendingSignIn(
                OpaqueTokens.digest(token),
                user.id(),
                purpose,
                clock.instant(),
                settings.pendingSignInLifetime(),
                client,
                returnTo,
                deviceTokenHash));
        if (purpose == PendingSignIn.Purpose.ENROL && factors.available() && !policy.requiresPasskey(user.roles())) {
            factors.startEnrolment(user.id(), user.username());
        }
        return token;
    }

    /**
     * The pending sign-in a browser's token names, if it is still good. Rendering it issues a passkey challenge for
     * it (no database write: see {@link PasskeyChallenges}).
     */
    public Optional<Pending> find(String token) {
        return pending(token).map(p -> {
            User user = users.find(p.userId()).orElseThrow();
            boolean codes = !policy.requiresPasskey(user.roles());
            SecondFactorPolicy.Enrolled enrolled = policy.enrolled(user.id());
            if (p.purpose() == PendingSignIn.Purpose.SECOND_FACTOR) {
                Optional<PasskeyFactors.Options> passkey = enrolled.passkey() && passkeys.available()
                        ? Optional.of(passkeys.assertionOptions(
                                PasskeyChallenges.Purpose.SECOND_FACTOR, binding(p), Optional.of(user.id())))
                        : Optional.empty();
                return new Pending(
                        p.purpose(),
                        user.username(),
                        Optional.empty(),
                        factors.available(),
                        codes && enrolled.authenticatorApp(),
                        !codes,
                        passkey,
                        false);
            }
            Optional<PasskeyFactors.Options> registration = passkeys.available()
                    ? Optional.of(
                            passkeys.registrationOptions(user.id(), user.username(), user.displayName(), binding(p)))
                    : Optional.empty();
            return new Pending(
                    p.purpose(),
                    user.username(),
                    codes ? factors.pendingEnrolment(user.id(), user.username()) : Optional.empty(),
                    factors.available() || registration.isPresent(),
                    codes,
                    !codes,
                    registration,
                    enrolled.authenticatorApp());
        });
    }

    /** The second step: a code from the authenticator app, or a recovery code (refused where only passkeys count). */
    public Outcome completeWithCode(String token, String code, ClientInfo client) {
        return completeSecondStep(
                token,
                client,
                (pending, user) -> policy.accepts(user.roles(), Proof.Kind.TOTP)
                        ? factors.verify(user.id(), code, client.ip())
                        : Optional.empty(),
                "wrong second-factor code");
    }

    /** The second step with a passkey: an answer to the challenge issued for this pending sign-in. */
    public Outcome completeWithPasskey(String token, PasskeyFactors.Assertion answer, ClientInfo client) {
        return completeSecondStep(
                token,
                client,
                (pending, user) ->
                        verifyPasskey(pending, user, answer, client).map(verified -> new Proof(Proof.Kind.PASSKEY, 0)),
                "passkey refused");
    }

    private Outcome completeSecondStep(
            String token,
            ClientInfo client,
            BiFunction<PendingSignIn, User, Optional<Proof>> secondFactor,
            String failure) {
        Optional<PendingSignIn> found = pending(token).filter(p -> p.purpose() == PendingSignIn.Purpose.SECOND_FACTOR);
        if (found.isEmpty()) {
            return new Outcome.Failed(true);
        }
        PendingSignIn pending = found.get();
        Proof[] proved = new Proof[1];
        CodeCheck check =
                attempts.checkCode(pending.userId(), pending.deviceTokenHash(), () -> stillThere(pending), user -> {
                    proved[0] = secondFactor.apply(pending, user).orElse(null);
                    return proved[0] != null;
                });
        if (!check.checked()) {
            return new Outcome.Failed(true);
        }
        if (!check.result().succeeded()) {
            return failed(pending, check, client, failure);
        }
        User user = check.result().user().orElseThrow();
        if (proved[0].kind() == Proof.Kind.RECOVERY_CODE) {
            audit.record(
                    AuditEventType.RECOVERY_CODE_USED,
                    SessionService.party(user),
                    SessionService.party(user),
                    null,
                    client.ip(),
                    "at sign-in; " + proved[0].recoveryCodesLeft() + " left");
        }
        Instant now = clock.instant();
        return signIn(
                pending,
                user,
                client,
                Proofs.withSecondFactor(pending.createdAt(), proved[0].kind(), now),
                List.of(),
                Optional.of(proved[0]));
    }

    /** Enrolment during sign-in: the first code from the newly added app confirms it and signs the user in. */
    public Outcome completeEnrolment(String token, String code, ClientInfo client) {
        Optional<PendingSignIn> found = pending(token).filter(p -> p.purpose() == PendingSignIn.Purpose.ENROL);
        if (found.isEmpty() || !factors.available()) {
            return new Outcome.Failed(found.isEmpty());
        }
        PendingSignIn pending = found.get();
        @SuppressWarnings("unchecked")
        List<String>[] codes = new List[1];
        CodeCheck check =
                attempts.checkCode(pending.userId(), pending.deviceTokenHash(), () -> stillThere(pending), user -> {
                    codes[0] = policy.accepts(user.roles(), Proof.Kind.TOTP)
                            ? factors.confirmEnrolment(user.id(), code).orElse(null)
                            : null; // the role accepts only a passkey: an app is no way in

                    return codes[0] != null;
                });
        if (!check.checked()) {
            return new Outcome.Failed(true);
        }
        if (!check.result().succeeded()) {
            return failed(pending, check, client, "wrong code while enrolling an authenticator");
        }
        User user = check.result().user().orElseThrow();
        audit.record(
                AuditEventType.SECOND_FACTOR_ENROLLED,
                SessionService.party(user),
                SessionService.party(user),
                null,
                client.ip(),
                "authenticator app, at sign-in (required for "
                        + user.roles().stream()
                                .map(r -> r.roleName())
                                .filter(settings.mfaRequiredRoles()::contains)
                                .sorted()
                                .toList()
                        + ")");
        return signIn(
                pending,
                user,
                client,
                Proofs.withSecondFactor(pending.createdAt(), Proof.Kind.TOTP, clock.instant()),
                codes[0],
                Optional.empty());
    }

    /**
     * Enrolment during sign-in with a passkey (the only kind a role listed as {@code role:passkey} accepts): the new
     * passkey's registration, answering the challenge issued for this pending sign-in, signs the user in. A user who
     * already has an authenticator app proves it first ({@code code}, or a recovery code), in the same check: the
     * password alone never adds a factor to an account that has one.
     */
    public Outcome completePasskeyEnrolment(
            String token, String name, String code, PasskeyFactors.Registration answer, ClientInfo client) {
        Optional<PendingSignIn> found = pending(token).filter(p -> p.purpose() == PendingSignIn.Purpose.ENROL);
        if (found.isEmpty() || !passkeys.available()) {
            return new Outcome.Failed(found.isEmpty());
        }
        PendingSignIn pending = found.get();
        String[] registered = new String[1];
        CodeCheck check =
                attempts.checkCode(pending.userId(), pending.deviceTokenHash(), () -> stillThere(pending), user -> {
                    if (policy.enrolled(user.id()).authenticatorApp()
                            && factors.verify(user.id(), code, client.ip()).isEmpty()) {
                        return false;
                    }
                    registered[0] = passkeys.register(user.id(), binding(pending), name, answer)
                            .map(PasskeyCredential::name)
                            .orElse(null);
                    return registered[0] != null;
                });
        if (!check.checked()) {
            return new Outcome.Failed(true);
        }
        if (!check.result().succeeded()) {
            return failed(pending, check, client, "passkey registration refused while enrolling");
        }
        User user = check.result().user().orElseThrow();
        audit.record(
                AuditEventType.PASSKEY_REGISTERED,
                SessionService.party(user),
                SessionService.party(user),
                null,
                client.ip(),
                "\"" + registered[0] + "\", at sign-in");
        return signIn(
                pending,
                user,
                client,
                Proofs.withSecondFactor(pending.createdAt(), Proof.Kind.PASSKEY, clock.instant()),
                List.of(),
                Optional.empty());
    }

    /** Forgets pending sign-ins that expired before {@code now}; returns how many. */
    public int deleteExpired(Instant now) {
        return em.createNamedQuery(PendingSignIn.DELETE_EXPIRED)
                .setParameter("now", now)
                .executeUpdate();
    }

    private Outcome signIn(
            PendingSignIn pending,
            User user,
            ClientInfo client,
            Proofs proofs,
            List<String> recoveryCodes,
            Optional<Proof> proof) {
        if (!usedUp(pending)) {
            // a parallel second step with another right code got here first (it held the user's row till now)
            return new Outcome.Failed(true);
        }
        NewSession session = sessions.create(user, client, proofs);
        audit.record(
                AuditEventType.SIGN_IN_SUCCEEDED,
                SessionService.party(user),
                SessionService.party(user),
                session.session().sessionId(),
                client.ip(),
                "password and "
                        + proofs.secondFactor()
                                .orElseThrow()
                                .name()
                                .toLowerCase()
                                .replace('_', ' '));
        metrics.signIn(Authentication.Outcome.SUCCEEDED);
        Optional<String> device = attempts.trustDevice(user.id(), pending.deviceTokenHash());
        List<RecoveryUse> notices =
                proof.filter(p -> p.kind() == Proof.Kind.RECOVERY_CODE).isPresent()
                        ? List.of() // told at the next sign-in, which may be the owner's rather than whoever used it
                        : factors.takeRecoveryNotices(user.id());
        return new Outcome.SignedIn(session, pending.returnTo(), device, recoveryCodes, proof, notices);
    }

    private Outcome failed(PendingSignIn pending, CodeCheck check, ClientInfo client, String detail) {
        Authentication result = check.result();
        Party subject = result.user().map(SessionService::party).orElse(new Party(pending.userId(), null));
        metrics.signIn(result.outcome());
        switch (result.outcome()) {
            case LOCKED ->
                audit.record(
                        AuditEventType.SIGN_IN_REFUSED_LOCKED, null, subject, null, client.ip(), "at the second step");
            case DISABLED ->
                audit.record(
                        AuditEventType.SIGN_IN_REFUSED_DISABLED,
                        null,
                        subject,
                        null,
                        client.ip(),
                        "at the second step");
            default -> audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), detail);
        }
        if (check.lockedByThisAttempt()) {
            metrics.lockout();
            User user = result.user().orElseThrow();
            audit.record(
                    AuditEventType.ACCOUNT_LOCKED,
                    null,
                    subject,
                    null,
                    client.ip(),
                    "after " + user.failedLogins() + " failed sign-ins, until "
                            + user.lockedUntil().orElseThrow());
        }
        boolean gone = result.outcome() != Authentication.Outcome.WRONG_CODE;
        if (gone) {
            usedUp(pending); // locked or disabled: start again with the password
        }
        return new Outcome.Failed(gone);
    }

    /** Checks a passkey's answer for the user's pending sign-in; a clone is audited (in this transaction). */
    private Optional<PasskeyFactors.Verification.Verified> verifyPasskey(
            PendingSignIn pending, User user, PasskeyFactors.Assertion answer, ClientInfo client) {
        PasskeyFactors.Verification verification = passkeys.verify(
                PasskeyChallenges.Purpose.SECOND_FACTOR, binding(pending), answer, Optional.of(user.id()), client.ip());
        if (verification instanceof PasskeyFactors.Verification.Refused refused && refused.cloned()) {
            audit.record(
                    AuditEventType.PASSKEY_CLONE_SUSPECTED,
                    null,
                    SessionService.party(user),
                    null,
                    client.ip(),
                    "passkey \"" + refused.name().orElse("?") + "\", at sign-in");
        }
        return verification instanceof PasskeyFactors.Verification.Verified verified
                ? Optional.of(verified)
                : Optional.empty();
    }

    /** What a passkey challenge for a pending sign-in is bound to. */
    private static String binding(PendingSignIn pending) {
        return PasskeyChallenges.pendingSignInBinding(pending.id());
    }

    /**
     * Whether the pending state still exists: asked with the user's row locked, so a parallel step that used it up
     * (and held the row until it committed) is seen, and this one checks no code and counts no failure.
     */
    private boolean stillThere(PendingSignIn pending) {
        return em.createNamedQuery(PendingSignIn.COUNT_BY_ID, Long.class)
                        .setParameter("id", pending.id())
                        .getSingleResult()
                == 1;
    }

    /** Deletes the pending state. @return whether this step did (only one does: see {@link #stillThere}) */
    private boolean usedUp(PendingSignIn pending) {
        return em.createNamedQuery(PendingSignIn.DELETE_BY_ID)
                        .setParameter("id", pending.id())
                        .executeUpdate()
                == 1;
    }

    /** The unexpired pending sign-in of a raw token. */
    private Optional<PendingSignIn> pending(String token) {
        if (token == null || !OpaqueTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return em
                .createNamedQuery(PendingSignIn.FIND_BY_TOKEN_HASH, PendingSignIn.class)
                .setParameter("tokenHash", OpaqueTokens.digest(token))
                .getResultList()
                .stream()
                .findFirst()
                .filter(p -> !p.isExpiredAt(now));
    }
}
