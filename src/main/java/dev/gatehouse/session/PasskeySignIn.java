package dev.gatehouse.session;

import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.factor.PasskeyChallenges;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.PasskeyFactors.Verification;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Passwordless sign-in ({@code GATEHOUSE_PASSKEY_PASSWORDLESS=true}): a discoverable passkey names its owner and
 * answers a challenge bound to the anonymous browser, with user verification (a PIN or biometric on the
 * authenticator). That is two factors in one gesture, so the session records both proofs at once: sudo mode counts
 * it like a password and a passkey. A disabled account signs in no way; an account locked by wrong passwords still
 * signs in with its passkey, which cannot be guessed. Every failure gets the same empty answer.
 */
@ApplicationScoped
@Transactional
public class PasskeySignIn {

    @Inject
    PasskeyFactors passkeys;

    @Inject
    UserService users;

    @Inject
    SessionService sessions;

    @Inject
    SecondFactors factors;

    @Inject
    AuditLog audit;

    @Inject
    SessionMetrics metrics;

    @Inject
    Clock clock;

    /** Whether the sign-in page offers passkeys. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean offered() {
        return passkeys.passwordless();
    }

    /** Options for the sign-in page's passkey (bound to the browser); empty when passwordless sign-in is off. */
    public Optional<PasskeyFactors.Options> options(String browserBinding) {
        return passkeys.passwordless()
                ? Optional.of(passkeys.assertionOptions(
                        PasskeyChallenges.Purpose.PASSWORDLESS, browserBinding, Optional.empty()))
                : Optional.empty();
    }

    /**
     * Signs in with a passkey's answer to the challenge issued to this browser. A session the browser still held is
     * ended first (no fixation).
     *
     * @return the new session, or empty when the answer is refused, the account is disabled or passwordless sign-in
     *     is off
     */
    public Optional<SignInService.SignedIn> signIn(
            PasskeyFactors.Assertion answer, String browserBinding, ClientInfo client, Optional<String> previousToken) {
        previousToken.ifPresent(sessions::invalidate);
        if (!passkeys.passwordless()) {
            return Optional.empty();
        }
        Verification verification = passkeys.verify(
                PasskeyChallenges.Purpose.PASSWORDLESS, browserBinding, answer, Optional.empty(), client.ip());
        if (verification instanceof Verification.Refused refused) {
            Party subject = refused.userId()
                    .flatMap(users::find)
                    .map(SessionService::party)
                    .orElse(null);
            if (refused.cloned()) {
                audit.record(
                        AuditEventType.PASSKEY_CLONE_SUSPECTED,
                        null,
                        subject,
                        null,
                        client.ip(),
                        "passkey \"" + refused.name().orElse("?") + "\", signing in without a password");
            }
            audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "passkey refused");
            metrics.signIn(Authentication.Outcome.WRONG_CODE);
            return Optional.empty();
        }
        Verification.Verified verified = (Verification.Verified) verification;
        User user = users.find(verified.userId()).orElseThrow();
        if (!user.isEnabled()) {
            audit.record(
                    AuditEventType.SIGN_IN_REFUSED_DISABLED,
                    null,
                    SessionService.party(user),
                    null,
                    client.ip(),
                    "with a passkey");
            metrics.signIn(Authentication.Outcome.DISABLED);
            return Optional.empty();
        }
        Instant now = clock.instant();
        NewSession session =
                sessions.create(user, client, Proofs.withSecondFactor(now, SecondFactors.Proof.Kind.PASSKEY, now));
        audit.record(
                AuditEventType.SIGN_IN_SUCCEEDED,
                SessionService.party(user),
                SessionService.party(user),
                session.session().sessionId(),
                client.ip(),
                "passkey \"" + verified.name() + "\", without a password");
        metrics.signIn(Authentication.Outcome.SUCCEEDED);
        return Optional.of(
                new SignInService.SignedIn(session, Optional.empty(), factors.takeRecoveryNotices(user.id())));
    }
}
