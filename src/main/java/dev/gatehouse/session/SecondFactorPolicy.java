package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * Who signs in with a second step, and which factors count: everyone with a confirmed factor (an authenticator app
 * or a passkey) proves one after the password; a user whose role is listed in {@link
 * GatehouseSettings#MFA_REQUIRED_ROLES} but who has none enrols one before any session exists. A role listed as
 * {@code role:passkey} accepts only a passkey: codes (from an app or recovery codes) are refused for its holders,
 * who enrol a passkey at sign-in if they have none.
 */
@ApplicationScoped
public class SecondFactorPolicy {

    private SecondFactors factors;
    private PasskeyFactors passkeys;
    private GatehouseSettings settings;

    protected SecondFactorPolicy() {
        // for CDI
    }

    @Inject
    public SecondFactorPolicy(SecondFactors factors, PasskeyFactors passkeys, GatehouseSettings settings) {
        this.factors = factors;
        this.passkeys = passkeys;
        this.settings = settings;
    }

    /** The factors a user has enrolled. */
    public record Enrolled(boolean authenticatorApp, boolean passkey) {
        public boolean any() {
            return authenticatorApp || passkey;
        }
    }

    public Enrolled enrolled(long userId) {
        // a stored passkey counts even where passkeys cannot be used now (no public origin on this node, say): the
        // second step is then refused, never skipped
        return new Enrolled(factors.stateOf(userId) == SecondFactors.State.TOTP, passkeys.hasAny(userId));
    }

    /** The step after a right password, or empty when the password alone signs the user in. */
    public Optional<PendingSignIn.Purpose> stepAfterPassword(User user) {
        Enrolled enrolled = enrolled(user.id());
        if (requiresPasskey(user.roles())) {
            return Optional.of(enrolled.passkey() ? PendingSignIn.Purpose.SECOND_FACTOR : PendingSignIn.Purpose.ENROL);
        }
        if (enrolled.any()) {
            return Optional.of(PendingSignIn.Purpose.SECOND_FACTOR);
        }
        return requiresFactor(user) ? Optional.of(PendingSignIn.Purpose.ENROL) : Optional.empty();
    }

    /** Whether one of the user's roles requires a second factor. */
    public boolean requiresFactor(User user) {
        return requiresFactor(user.roles());
    }

    public boolean requiresFactor(Set<Role> roles) {
        return roles.stream().map(Role::roleName).anyMatch(settings.mfaRequiredRoles()::contains);
    }

    /** Whether one of these roles accepts only a passkey as the second factor. */
    public boolean requiresPasskey(Set<Role> roles) {
        return roles.stream().map(Role::roleName).anyMatch(settings.passkeyRequiredRoles()::contains);
    }

    /** Whether a proof of {@code kind} is a second factor that holders of {@code roles} may use. */
    public boolean accepts(Set<Role> roles, SecondFactors.Proof.Kind kind) {
        return kind == SecondFactors.Proof.Kind.PASSKEY || !requiresPasskey(roles);
    }

    /**
     * Whether a session may only enrol a second factor: its user's role requires one (granted after sign-in, say,
     * or the session predates the policy) and none that the role accepts was proved in it.
     */
    public boolean heldToEnrolment(ValidSession session) {
        return requiresFactor(session.roles())
                && session.secondFactor()
                        .filter(kind -> accepts(session.roles(), kind))
                        .isEmpty();
    }
}
