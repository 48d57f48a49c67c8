package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.directory.Directory;
import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.factor.PasskeyChallenges;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.factor.SecondFactors.Proof;
import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.SignInAttempts.CodeCheck;
import dev.gatehouse.user.SignInAttempts.Reservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sudo mode: whether a session's proofs are recent enough for a {@link RecentAuthentication} action, and proving them
 * again. The password is checked like at sign-in (counted toward the lockout, hashed outside any transaction, a
 * directory user's by the directory), then the second factor if the user has one; a success records both proofs on
 * the session and gives it a new token.
 */
@ApplicationScoped
public class Reauthentication {

    @Inject
    ReauthenticationRecords records;

    @Inject
    SignInAttempts attempts;

    @Inject
    PasswordHasher hasher;

    @Inject
    Directory directory;

    @Inject
    SecondFactors factors;

    @Inject
    PasskeyFactors passkeys;

    @Inject
    SecondFactorPolicy policy;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    /** The outcome of proving it again. */
    public sealed interface Outcome {
        /** Proved; the session now has {@code newToken}, which the caller must hand to the browser. */
        record Confirmed(String newToken) implements Outcome {}

        /** Wrong password or code, or the account is locked: one answer for all. */
        record Refused() implements Outcome {}
    }

    /** Where a session stands for sudo mode. */
    public enum Standing {
        /** Everything due was proved within the window. */
        RECENT,
        /** Not recently enough (or the session ended): prove it again. */
        NOT_RECENT,
        /**
         * The user's role requires a second factor they have not enrolled: only enrolment is open, and for it the
         * password within the window is enough.
         */
        ENROL_FIRST,
        /** As {@link #ENROL_FIRST}, but the password is not recent either. */
        ENROL_FIRST_NOT_RECENT
    }

    /** What re-authenticating asks of a user besides the password: a code, a passkey, either, or neither. */
    public record Prompt(boolean code, boolean passkey) {}

    /**
     * Where the session {@code sessionId} of user {@code userId} stands, from one read of the session. A session held
     * to enrolment whose user enrolled elsewhere is simply not recent: proving the factor in it lifts the hold. When
     * the user's role accepts only passkeys, only a passkey proved recently counts.
     */
    public Standing standing(UUID sessionId, long userId) {
        Optional<ReauthenticationRecords.SessionProofs> found = records.proofsOf(sessionId, userId);
        if (found.isEmpty()) {
            return Standing.NOT_RECENT;
        }
        Proofs proofs = found.get().proofs();
        boolean passkeyOnly = found.get().requiresPasskey();
        SecondFactorPolicy.Enrolled enrolled = policy.enrolled(userId);
        boolean usable = passkeyOnly ? enrolled.passkey() : enrolled.any();
        Instant now = clock.instant();
        if (found.get().requiresFactor() && !usable) {
            // adding the factor the role requires: the password, and the factor the user already has, if any
            return proofs.recentAt(now, settings.reauthWindow(), enrolled.any())
                    ? Standing.ENROL_FIRST
                    : Standing.ENROL_FIRST_NOT_RECENT;
        }
        boolean acceptedKind = !passkeyOnly || proofs.secondFactor().orElse(null) == Proof.Kind.PASSKEY;
        return proofs.recentAt(now, settings.reauthWindow(), enrolled.any()) && acceptedKind
                ? Standing.RECENT
                : Standing.NOT_RECENT;
    }

    /** What the sudo prompt asks of {@code caller} besides the password. */
    public Prompt prompt(ValidSession caller) {
        SecondFactorPolicy.Enrolled enrolled = policy.enrolled(caller.userId());
        // a role that accepts only passkeys still takes the app's code from a user with no passkey yet: it opens
        // the way to adding one (ENROL_FIRST), never to anything else
        return new Prompt(
                enrolled.authenticatorApp() && (!policy.requiresPasskey(caller.roles()) || !enrolled.passkey()),
                enrolled.passkey());
    }

    /** Options for the passkey the sudo prompt of {@code caller} asks for (bound to the session). */
    public PasskeyFactors.Options passkeyOptions(ValidSession caller) {
        return passkeys.assertionOptions(
                PasskeyChallenges.Purpose.CONFIRM, binding(caller), Optional.of(caller.userId()));
    }

    private static String binding(ValidSession caller) {
        return PasskeyChallenges.sessionBinding(caller.sessionId());
    }

    /**
     * Proves the password, then the second factor (for users with one): the passkey's answer when the browser sent
     * one, else the code, which a role that accepts only passkeys refuses. For the session of {@code caller}.
     *
     * @throws HashingBusyException when no hashing slot freed up in time (nothing is counted)
     * @throws DirectoryUnavailableException when a directory user's password could not be checked (nothing counted)
     */
    public Outcome confirm(
            ValidSession caller,
            String rawToken,
            String password,
            String code,
            PasskeyFactors.Assertion passkey,
            String ip,
            Optional<String> deviceToken)
            throws DirectoryUnavailableException {
        Optional<byte[]> deviceHash =
                deviceToken.filter(OpaqueTokens::isWellFormed).map(OpaqueTokens::digest);
        SecondFactorPolicy.Enrolled enrolled = policy.enrolled(caller.userId());
        boolean secondFactor = enrolled.any();
        Reservation reservation = attempts.reserve(caller.userId(), password, deviceHash);
        if (!reservation.needsPasswordCheck()) {
            if (reservation.decided().orElseThrow() == Authentication.Outcome.LOCKED) {
                hasher.waitLikeAVerification();
            }
            records.failed(caller, ip, reservation.decided().orElseThrow(), false);
            return new Outcome.Refused();
        }
        boolean right = checkPassword(reservation, password);
        Instant passwordAt = clock.instant();
        Authentication result = attempts.conclude(reservation, right, Optional.empty(), user -> !secondFactor);
        if (!result.succeeded()) {
            records.failed(
                    caller,
                    ip,
                    result.outcome(),
                    result.outcome() == Authentication.Outcome.WRONG_PASSWORD
                            && reservation.lockedByThisAttempt()
                            && !reservation.fromTrustedDevice());
            return new Outcome.Refused();
        }
        Proofs proofs = Proofs.password(passwordAt);
        Optional<Proof> proof = Optional.empty();
        if (secondFactor) {
            Proof[] proved = new Proof[1];
            PasskeyFactors.Verification[] verification = new PasskeyFactors.Verification[1];
            CodeCheck check = attempts.checkCode(caller.userId(), deviceHash, () -> true, user -> {
                if (passkey != null && passkey.isPresent()) {
                    verification[0] = passkeys.verify(
                            PasskeyChallenges.Purpose.CONFIRM, binding(caller), passkey, Optional.of(user.id()), ip);
                    proved[0] = verification[0] instanceof PasskeyFactors.Verification.Verified
                            ? new Proof(Proof.Kind.PASSKEY, 0)
                            : null;
                } else if (policy.accepts(user.roles(), Proof.Kind.TOTP) || !enrolled.passkey()) {
                    proved[0] = factors.verify(user.id(), code, ip).orElse(null);
                }
                return proved[0] != null;
            });
            if (verification[0] instanceof PasskeyFactors.Verification.Refused refused && refused.cloned()) {
                records.cloneSuspected(caller, ip, refused);
            }
            if (!check.result().succeeded()) {
                records.failed(caller, ip, check.result().outcome(), check.lockedByThisAttempt());
                return new Outcome.Refused();
            }
            proof = Optional.of(proved[0]);
            proofs = Proofs.withSecondFactor(passwordAt, proved[0].kind(), clock.instant());
        }
        return records.proved(caller, rawToken, proofs, proof, ip)
                .<Outcome>map(Outcome.Confirmed::new)
                .orElseGet(Outcome.Refused::new);
    }

    private boolean checkPassword(Reservation reservation, String password) throws DirectoryUnavailableException {
        try {
            if (reservation.fromDirectory()) {
                return directory.isEnabled()
                        && directory
                                .authenticate(reservation.username(), password)
                                .account()
                                .isPresent();
            }
            return hasher.verify(reservation.passwordHash(), password);
        } catch (DirectoryUnavailableException | RuntimeException e) {
            attempts.release(reservation);
            throw e;
        }
    }
}
