package dev.gatehouse.session;

import java.time.Instant;
import java.util.UUID;

/** One live session as lists show it: who, since when, from where; never the token or its hash. */
public record SessionSummary(
        UUID id,
        long userId,
        String username,
        String displayName,
        Instant createdAt,
        Instant lastSeenAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        String clientIp,
        String userAgent) {}
