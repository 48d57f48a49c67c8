package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * Who signs in with a second step: everyone with a confirmed factor types a code, and a user whose role is listed
 * in {@link GatehouseSettings#MFA_REQUIRED_ROLES} but who has no factor yet enrols one before any session exists.
 */
@ApplicationScoped
public class SecondFactorPolicy {

    private SecondFactors factors;
    private GatehouseSettings settings;

    protected SecondFactorPolicy() {
        // for CDI
    }

    @Inject
    public SecondFactorPolicy(SecondFactors factors, GatehouseSettings settings) {
        this.factors = factors;
        this.settings = settings;
    }

    /** The step after a right password, or empty when the password alone signs the user in. */
    public Optional<PendingSignIn.Purpose> stepAfterPassword(User user) {
        if (factors.stateOf(user.id()) == SecondFactors.State.TOTP) {
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

    /**
     * Whether a session may only enrol a second factor: its user's role requires one (granted after sign-in, say,
     * or the session predates the policy) and none was proved in it.
     */
    public boolean heldToEnrolment(ValidSession session) {
        return !session.secondFactorProved() && requiresFactor(session.roles());
    }
}
