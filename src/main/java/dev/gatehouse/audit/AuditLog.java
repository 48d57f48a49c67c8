package dev.gatehouse.audit;

import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.persistence.Page;
import dev.gatehouse.persistence.PagedQuery;
import dev.gatehouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit trail: appends in the caller's transaction, so an entry exists exactly when the change it records
 * does, and lists entries for administrators; every query on {@code audit_event} is here. Never pass a token, a
 * token hash or a password here.
 */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    Clock clock;

    /** Records one event; must run inside the transaction of the change it describes. */
    @Transactional(TxType.MANDATORY)
    public void record(
            AuditEventType type, Party actor, Party subject, UUID sessionId, String clientIp, String detail) {
        em.persist(new AuditEvent(clock.instant(), type, actor, subject, sessionId, clientIp, detail));
    }

    /** Which events to list: any filter may be absent. */
    public record Filter(
            Optional<String> user, Optional<AuditEventType> type, Optional<Instant> from, Optional<Instant> until) {}

    /** Lists events newest first; {@code user} matches the acting or the affected username exactly. Admins only. */
    @RolesAllowed(Roles.ADMIN)
    @Transactional(TxType.SUPPORTS)
    public Page<AuditEvent> list(Filter filter, int first, int size) {
        PagedQuery<AuditEvent> list =
                PagedQuery.of(AuditEvent.class, "select e from AuditEvent e", "select count(e) from AuditEvent e");
        filter.user().ifPresent(u -> list.where("(e.actorName = :user or e.subjectName = :user)", "user", u));
        filter.type().ifPresent(t -> list.where("e.type = :type", "type", t));
        filter.from().ifPresent(f -> list.where("e.occurredAt >= :from", "from", f));
        filter.until().ifPresent(u -> list.where("e.occurredAt < :until", "until", u));
        return list.page(em, "e.occurredAt desc, e.id desc", first, size);
    }
}
