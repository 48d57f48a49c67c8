package dev.gatehouse.audit;

import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.session.ValidSession;

/** Who asked for a change, and from where: the signed-in user of the request, or the system itself. */
public record Actor(Party party, String ip) {

    /** Scheduled jobs and other work nobody asked for. */
    public static final Actor SYSTEM = new Actor(null, null);

    public static Actor of(ValidSession session, String ip) {
        return new Actor(new Party(session.userId(), session.username()), ip);
    }

    public boolean isSystem() {
        return party == null;
    }
}
