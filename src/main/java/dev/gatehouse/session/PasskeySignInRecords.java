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
import java.util.Locale;
import java.util.Optional;

/** The transactional halves of {@link PasskeySignIn}: checking the passkey, and making the session, each audited. */
@ApplicationScoped
@Transactional
public class PasskeySignInRecords {

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

    /**
     * Checks the answer (the credential names its owner; its row is locked while its counter moves). A refusal is
     * audited, and a counter gone back as a suspected clone.
     */
    Optional<Verification.Verified> verify(PasskeyFactors.Assertion answer, String browserBinding, ClientInfo client) {
        Verification verification = passkeys.verify(
                PasskeyChallenges.Purpose.PASSWORDLESS, browserBinding, answer, Optional.empty(), client.ip());
        if (verification instanceof Verification.Verified verified) {
            return Optional.of(verified);
        }
        Verification.Refused refused = (Verification.Refused) verification;
        Party subject =
                refused.userId().flatMap(users::find).map(SessionService::party).orElse(null);
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

    boolean isFromDirectory(long userId) {
        return users.find(userId).map(User::isFromDirectory).orElse(false);
    }

    void refusedByDirectory(long userId, ClientInfo client, DirectorySync.Recheck recheck) {
        users.find(userId)
                .ifPresent(user -> audit.record(
                        AuditEventType.SIGN_IN_REFUSED_DISABLED,
                        null,
                        SessionService.party(user),
                        null,
                        client.ip(),
                        "with a passkey; the directory answered "
                                + recheck.name().toLowerCase(Locale.ROOT)));
        metrics.signIn(Authentication.Outcome.DIRECTORY_DISABLED);
    }

    /** Makes the session of a verified passkey's owner, unless the account is disabled. */
    Optional<SignInService.SignedIn> signIn(Verification.Verified verified, ClientInfo client) {
        User user = users.find(verified.userId()).orElse(null);
        if (user == null || !user.isEnabled()) {
            if (user != null) {
                audit.record(
                        AuditEventType.SIGN_IN_REFUSED_DISABLED,
                        null,
                        SessionService.party(user),
                        null,
                        client.ip(),
                        "with a passkey");
            }
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
