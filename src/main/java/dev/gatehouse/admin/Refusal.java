package dev.gatehouse.admin;

import dev.gatehouse.user.PasswordPolicy;

/** Why an administrator's request was refused; each is a key of a message in the UI bundle. */
public enum Refusal {
    USERNAME_INVALID("admin.user.usernameInvalid"),
    USERNAME_TAKEN("admin.user.usernameTaken"),
    DISPLAY_NAME_INVALID("admin.user.displayNameInvalid"),
    NO_SUCH_USER("admin.user.noSuchUser"),
    NOT_YOURSELF("admin.user.notYourself"),
    /** Name, roles and password of a directory user are the directory's; changed here they would not last. */
    MANAGED_BY_DIRECTORY("admin.user.managedByDirectory"),
    /** The username is a directory user's; a local account of the same name would take it over. */
    USERNAME_IN_DIRECTORY("admin.user.usernameInDirectory"),
    DIRECTORY_UNAVAILABLE("admin.user.directoryUnavailable"),
    PASSWORD_TOO_SHORT("password.tooShort"),
    PASSWORD_TOO_LONG("password.tooLong"),
    PASSWORD_CONTAINS_USERNAME("password.containsUsername"),
    PASSWORD_TOO_COMMON("password.tooCommon");

    private final String messageKey;

    Refusal(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }

    /** The refusal for a password the policy rejects; a new violation must be given a refusal here to compile. */
    static Refusal of(PasswordPolicy.Violation violation) {
        return switch (violation) {
            case TOO_SHORT -> PASSWORD_TOO_SHORT;
            case TOO_LONG -> PASSWORD_TOO_LONG;
            case CONTAINS_USERNAME -> PASSWORD_CONTAINS_USERNAME;
            case TOO_COMMON -> PASSWORD_TOO_COMMON;
        };
    }
}
