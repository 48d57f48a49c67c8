package dev.gatehouse.audit;

import dev.gatehouse.audit.AuditEvent.Party;
import java.util.Optional;
import java.util.UUID;

/**
 * Who asked for a change, and from where: the signed-in user of the request (with the session they asked from, which
 * sudo mode checks), or the system itself.
 */
public record Actor(Party party, String ip, Optional<UUID> sessionId) {

    /** Scheduled jobs and other work nobody asked for. */
    public static final Actor SYSTEM = new Actor(null, null, Optional.empty());

    /** A signed-in user, by id and username, asking from {@code ip} through the session {@code sessionId}. */
    public static Actor user(long userId, String username, UUID sessionId, String ip) {
        return new Actor(new Party(userId, username), ip, Optional.of(sessionId));
    }

    public boolean isSystem() {
        return party == null;
    }
}
