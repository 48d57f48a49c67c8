package dev.gatehouse.directory;

import java.util.Optional;

/** The directory's answer to a username and password; the account is present only when the password was right. */
public record DirectorySignIn(Outcome outcome, Optional<DirectoryAccount> account) {

    public enum Outcome {
        /** The bind as the user's entry succeeded. */
        SUCCEEDED,
        /** No entry (or more than one) matched the user filter. */
        NOT_FOUND,
        /** The entry exists but the bind with the typed password failed. */
        WRONG_PASSWORD
    }

    public static DirectorySignIn succeeded(DirectoryAccount account) {
        return new DirectorySignIn(Outcome.SUCCEEDED, Optional.of(account));
    }

    public static DirectorySignIn failed(Outcome outcome) {
        return new DirectorySignIn(outcome, Optional.empty());
    }
}
