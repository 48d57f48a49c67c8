package dev.gatehouse.audit;

import dev.gatehouse.audit.AuditEvent.Party;
import dev.gatehouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Appends to the audit trail in the caller's transaction, so an entry exists exactly when the change it records
 * does. Never pass a token, a token hash or a password here.
 */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    Clock clock;

    /** Records one event; must run inside the transaction of the change it describes. */
    @Transactional(TxType.MANDATORY)
    public void record(AuditEventType type, Party actor, Party subject, UUID sessionId, String clientIp, String detail) {
        em.persist(new AuditEvent(clock.instant(), type, actor, subject, sessionId, clientIp, detail));
    }

    /** Which events to list: any filter may be absent. */
    public record Filter(Optional<String> user, Optional<AuditEventType> type, Optional<Instant> from,
            Optional<Instant> until) {
    }

    /** A page of events, newest first, and how many match in all. */
    public record Page(List<AuditEvent> events, long total) {
    }

    /** Lists events newest first; {@code user} matches the acting or the affected username exactly. Admins only. */
    @RolesAllowed(Roles.ADMIN)
    @Transactional(TxType.SUPPORTS)
    public Page list(Filter filter, int first, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Map.Entry<String, Object>> parameters = new ArrayList<>();
        filter.user().ifPresent(u -> {
            where.append(" and (e.actorName = :user or e.subjectName = :user)");
            parameters.add(Map.entry("user", u));
        });
        filter.type().ifPresent(t -> {
            where.append(" and e.type = :type");
            parameters.add(Map.entry("type", t));
        });
        filter.from().ifPresent(f -> {
            where.append(" and e.occurredAt >= :from");
            parameters.add(Map.entry("from", f));
        });
        filter.until().ifPresent(u -> {
            where.append(" and e.occurredAt < :until");
            parameters.add(Map.entry("until", u));
        });
        TypedQuery<AuditEvent> events = em.createQuery(
                "select e from AuditEvent e" + where + " order by e.occurredAt desc, e.id desc", AuditEvent.class);
        TypedQuery<Long> count = em.createQuery("select count(e) from AuditEvent e" + where, Long.class);
        BiConsumer<TypedQuery<?>, Map.Entry<String, Object>> bind = (q, p) -> q.setParameter(p.getKey(), p.getValue());
        parameters.forEach(p -> {
            bind.accept(events, p);
            bind.accept(count, p);
        });
        return new Page(events.setFirstResult(first).setMaxResults(size).getResultList(), count.getSingleResult());
    }
}
