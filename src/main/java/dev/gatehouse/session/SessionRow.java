package dev.gatehouse.session;

import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.user.Role;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the validation query: a session, its user and one of the user's roles (a user with two roles
 * gives two rows). Plain values, so validating a request builds no entities and no persistence context.
 */
public record SessionRow(
        UUID id,
        Instant createdAt,
        Instant lastSeenAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        long userId,
        String username,
        String displayName,
        boolean enabled,
        Role role,
        SecondFactors.Proof.Kind secondFactor) {}
