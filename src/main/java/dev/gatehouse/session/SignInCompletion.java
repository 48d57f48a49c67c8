package dev.gatehouse.session;

import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Authentication;
import dev.gatehouse.user.SignInAttempts;
import dev.gatehouse.user.User;
import dev.gatehouse.user.UserService;
import dev.gatehouse.user.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * The transactional half of {@link SignInService}: the outcome of a checked password is audited and counted, and a
 * successful one becomes a session, in one transaction.
 */
@ApplicationScoped
@Transactional
public class SignInCompletion {

    @Inject
    SessionService sessions;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    SessionMetrics metrics;

    @Inject
    SecondFactorPolicy policy;

    @Inject
    TwoStepSignIn twoStep;

    @Inject
    SecondFactors factors;

    @Inject
    SignInAttempts attempts;

    @Inject
    Clock clock;

    /**
     * Records the outcome of a sign-in (audit and metrics) and, if it succeeded, starts the session (or, for a user
     * with a second factor due, the pending state of the second step), all in one transaction. The password was
     * checked before, outside any transaction.
     *
     * @return the new session with its raw token or the second step, or empty when the sign-in failed for any reason
     */
    public Optional<SignInService.Result> completeSignIn(
            Authentication result,
            String typedUsername,
            ClientInfo client,
            boolean lockedByThisAttempt,
            Optional<String> returnTo,
            Optional<byte[]> deviceTokenHash) {
        if (!result.succeeded()) {
            auditSignIn(result, typedUsername, client, lockedByThisAttempt);
            metrics.signIn(result.outcome());
            return Optional.empty();
        }
        User user = users.find(result.user().orElseThrow().id()).orElseThrow();
        Optional<PendingSignIn.Purpose> secondStep = policy.stepAfterPassword(user);
        if (secondStep.isPresent()) {
            // counted (and the sign-in audited) once the second step ends; that the password was right is audited now
            String pending = twoStep.begin(user, secondStep.get(), client, returnTo, deviceTokenHash);
            audit.record(
                    AuditEventType.SIGN_IN_SECOND_STEP,
                    SessionService.party(user),
                    SessionService.party(user),
                    null,
                    client.ip(),
                    secondStep.get() == PendingSignIn.Purpose.ENROL
                            ? "password right; enrolment of a second factor due"
                            : "password right; second factor due");
            return Optional.of(new SignInService.SecondStepDue(pending, secondStep.get()));
        }
        metrics.signIn(result.outcome());
        NewSession session = sessions.create(user, client, Proofs.password(clock.instant()));
        audit.record(
                AuditEventType.SIGN_IN_SUCCEEDED,
                SessionService.party(user),
                SessionService.party(user),
                session.session().sessionId(),
                client.ip(),
                client.userAgent());
        return Optional.of(new SignInService.SignedIn(
                session, attempts.trustDevice(user.id(), deviceTokenHash), factors.takeRecoveryNotices(user.id())));
    }

    private void auditSignIn(
            Authentication result, String typedUsername, ClientInfo client, boolean lockedByThisAttempt) {
        Party subject = result.user()
                .map(SessionService::party)
                .orElseGet(() -> new Party(
                        null, Usernames.isPlausible(typedUsername) ? Usernames.normalise(typedUsername) : null));
        switch (result.outcome()) {
            case SUCCEEDED -> {} // recorded with the new session's id
            case LOCKED -> audit.record(AuditEventType.SIGN_IN_REFUSED_LOCKED, null, subject, null, client.ip(), null);
            case DISABLED ->
                audit.record(AuditEventType.SIGN_IN_REFUSED_DISABLED, null, subject, null, client.ip(), null);
            case DIRECTORY_DISABLED ->
                audit.record(
                        AuditEventType.SIGN_IN_REFUSED_DISABLED,
                        null,
                        subject,
                        null,
                        client.ip(),
                        "disabled or locked in the directory, or no directory configured any more");
            case NO_ROLE ->
                audit.record(
                        AuditEventType.SIGN_IN_FAILED,
                        null,
                        subject,
                        null,
                        client.ip(),
                        "right password, but in no directory group that maps to a role");
            case WRONG_PASSWORD -> {
                audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "wrong password");
                if (lockedByThisAttempt) {
                    metrics.lockout();
                    audit.record(
                            AuditEventType.ACCOUNT_LOCKED,
                            null,
                            subject,
                            null,
                            client.ip(),
                            result.user()
                                    .map(user -> "after " + user.failedLogins() + " failed sign-ins, until "
                                            + user.lockedUntil().orElseThrow())
                                    .orElse("after failed sign-ins under a name with no account here yet"));
                }
            }
            case UNKNOWN_USER ->
                audit.record(AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "unknown user");
            case WRONG_CODE ->
                audit.record(
                        AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "wrong second-factor code");
            case REFUSED_INPUT ->
                audit.record(
                        AuditEventType.SIGN_IN_FAILED, null, subject, null, client.ip(), "empty or over-long password");
        }
    }
}
