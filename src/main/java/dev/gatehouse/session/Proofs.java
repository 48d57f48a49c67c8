package dev.gatehouse.session;

import dev.gatehouse.factor.SecondFactors.Proof.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the holder of a session proved and when: the password (at sign-in or the last re-authentication) and,
 * for users who have one, a second factor. Sudo mode ({@link RecentAuthentication}) asks whether both are recent.
 */
public record Proofs(Instant passwordAt, Optional<Kind> secondFactor, Optional<Instant> secondFactorAt) {

    /** A password alone, proved {@code at}. */
    public static Proofs password(Instant at) {
        return new Proofs(at, Optional.empty(), Optional.empty());
    }

    /** A password proved at {@code passwordAt}, then a second factor of {@code kind} at {@code factorAt}. */
    public static Proofs withSecondFactor(Instant passwordAt, Kind kind, Instant factorAt) {
        return new Proofs(passwordAt, Optional.of(kind), Optional.of(factorAt));
    }

    /**
     * Whether everything the user must prove was proved within {@code window} before {@code now}: the password,
     * and the second factor when {@code needsSecondFactor}.
     */
    public boolean recentAt(Instant now, Duration window, boolean needsSecondFactor) {
        Instant since = now.minus(window);
        boolean password = !passwordAt.isBefore(since) && !passwordAt.isAfter(now);
        boolean factor = !needsSecondFactor
                || secondFactorAt
                        .filter(at -> !at.isBefore(since) && !at.isAfter(now))
                        .isPresent();
        return password && factor;
    }
}
