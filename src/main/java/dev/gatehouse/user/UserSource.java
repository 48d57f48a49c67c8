package dev.gatehouse.user;

/** Where an account's password lives. Stored by name in {@code app_user.source}; a username has one source. */
public enum UserSource {
    /** Password hashed in Gatehouse's own table; changed and reset here. */
    LOCAL,
    /** Password and groups in the company directory; Gatehouse keeps a copy of name and roles, no password. */
    DIRECTORY
}
