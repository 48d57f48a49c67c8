package dev.gatehouse.user;

import java.util.Optional;

/**
 * The result of checking a username and password. Callers show every failure the same way; the outcome is
 * only for the audit log and metrics.
 */
public record Authentication(Outcome outcome, Optional<User> user) {

    public enum Outcome {
        SUCCEEDED,
        UNKNOWN_USER,
        WRONG_PASSWORD,
        /** The password was right, but the second-factor code was wrong, used before, or too old. */
        WRONG_CODE,
        LOCKED,
        DISABLED,
        /**
         * The password was right, but the directory has disabled or locked the account (or a directory user signs
         * in after the directory was switched off).
         */
        DIRECTORY_DISABLED,
        /** The password was right, but the user is in no directory group that maps to a role. */
        NO_ROLE,
        /** Empty, over-long or otherwise impossible input, refused before any hashing. */
        REFUSED_INPUT
    }

    public static Authentication succeeded(User user) {
        return new Authentication(Outcome.SUCCEEDED, Optional.of(user));
    }

    public static Authentication failed(Outcome outcome, User user) {
        return new Authentication(outcome, Optional.ofNullable(user));
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
