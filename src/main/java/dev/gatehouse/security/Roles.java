package dev.gatehouse.security;

/**
 * The container role names Gatehouse grants, as constants so annotations such as {@code @RolesAllowed(Roles.ADMIN)}
 * can name them. {@code dev.gatehouse.user.Role} is the same set as an enum.
 */
public final class Roles {

    public static final String USER = "user";
    public static final String ADMIN = "admin";
    /** Not a user's role: the caller that presents {@code gatehouse.metrics.token} to {@code /api/metrics}. */
    public static final String METRICS = "metrics";

    private Roles() {}
}
