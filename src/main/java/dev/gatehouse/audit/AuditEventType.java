package dev.gatehouse.audit;

/** Everything the audit trail records. Stored by name. */
public enum AuditEventType {
    SIGN_IN_SUCCEEDED,
    /** The password was right; the sign-in waits for its second factor (or for one to be enrolled). */
    SIGN_IN_SECOND_STEP,
    SIGN_IN_FAILED,
    SIGN_IN_REFUSED_LOCKED,
    SIGN_IN_REFUSED_DISABLED,
    ACCOUNT_LOCKED,
    SIGNED_OUT,
    SESSION_ENDED,
    SESSIONS_EXPIRED_REMOVED,
    USER_CREATED,
    USER_CHANGED,
    USER_DISABLED,
    USER_ENABLED,
    USER_UNLOCKED,
    PASSWORD_CHANGED,
    /** A wrong current password on the password-change page; it counts toward the account's lockout. */
    PASSWORD_CHANGE_FAILED,
    PASSWORD_RESET,
    /** An administrator had a directory user re-read at once; the detail says what the directory answered. */
    DIRECTORY_RECHECKED,
    /** An authenticator app was confirmed with its first code; recovery codes were issued with it. */
    SECOND_FACTOR_ENROLLED,
    /** The user removed their own authenticator (and recovery codes). */
    SECOND_FACTOR_REMOVED,
    /** An administrator removed a user's second factors; the user's sessions ended with it. */
    SECOND_FACTORS_RESET,
    RECOVERY_CODES_REGENERATED,
    /** A recovery code stood in for the authenticator at a sign-in or re-authentication; the detail says how many are left. */
    RECOVERY_CODE_USED,
    /** Sudo mode: the holder of a session proved their password (and second factor) again. */
    REAUTHENTICATED,
    REAUTHENTICATION_FAILED,
    /** A passkey was added; the detail names it. */
    PASSKEY_REGISTERED,
    PASSKEY_RENAMED,
    /** The user removed one of their passkeys; it no longer signs anyone in. */
    PASSKEY_REMOVED,
    /**
     * A passkey answered with a right signature but a sign counter that did not grow: the authenticator was probably
     * copied. The answer was refused.
     */
    PASSKEY_CLONE_SUSPECTED
}
