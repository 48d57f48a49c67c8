package dev.gatehouse.session;

import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.factor.PasskeyChallenges;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.PasskeyFactors.Verification;
import dev.gatehouse.session.DirectorySync.Recheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Passwordless sign-in ({@code GATEHOUSE_PASSKEY_PASSWORDLESS=true}): a discoverable passkey names its owner and
 * answers a challenge bound to the anonymous browser, with user verification (a PIN or biometric on the
 * authenticator). That is two factors in one gesture, so the session records both proofs at once: sudo mode counts
 * it like a password and a passkey. A disabled account signs in no way; an account locked by wrong passwords still
 * signs in with its passkey, which cannot be guessed; a directory user only if the directory, asked now as at a
 * password sign-in, still lets them in. Every failure gets the same empty answer. Not transactional: the passkey is
 * checked in one short transaction, the directory asked with none open, and the session made in another.
 */
@ApplicationScoped
public class PasskeySignIn {

    @Inject
    PasskeySignInRecords records;

    @Inject
    PasskeyFactors passkeys;

    @Inject
    SessionService sessions;

    @Inject
    DirectoryRecheck directory;

    /** Whether the sign-in page offers passkeys. */
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
     * @return the new session, or empty when the answer is refused, the account is disabled (here or in the
     *     directory) or passwordless sign-in is off
     * @throws DirectoryUnavailableException when the user is a directory user and the directory did not answer
     */
    public Optional<SignInService.SignedIn> signIn(
            PasskeyFactors.Assertion answer, String browserBinding, ClientInfo client, Optional<String> previousToken)
            throws DirectoryUnavailableException {
        previousToken.ifPresent(sessions::invalidate);
        if (!passkeys.passwordless()) {
            return Optional.empty();
        }
        Optional<Verification.Verified> verified = records.verify(answer, browserBinding, client);
        if (verified.isEmpty()) {
            return Optional.empty();
        }
        long userId = verified.get().userId();
        if (records.isFromDirectory(userId)) {
            Recheck recheck = directory.recheckAtSignIn(userId);
            if (recheck != Recheck.UNCHANGED && recheck != Recheck.UPDATED) {
                records.refusedByDirectory(userId, client, recheck);
                return Optional.empty();
            }
        }
        return records.signIn(verified.get(), client);
    }
}
