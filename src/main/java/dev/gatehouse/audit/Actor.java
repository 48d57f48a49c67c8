package dev.gatehouse.audit;

import dev.gatehouse.audit.AuditEvent.Party;

/** Who asked for a change, and from where: the signed-in user of the request, or the system itself. */
public record Actor(Party party, String ip) {

    /** Scheduled jobs and other work nobody asked for. */
    public static final Actor SYSTEM = new Actor(null, null);

    /** A signed-in user, by id and username, asking from {@code ip}. */
    public static Actor user(long userId, String username, String ip) {
        return new Actor(new Party(userId, username), ip);
    }

    public boolean isSystem() {
        return party == null;
    }
}
