package dev.gatehouse.audit;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.security.PrintableText;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of the append-only audit trail. Names are copied in, so entries outlive the accounts they name. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    public static final int MAX_DETAIL_LENGTH = 500;
    public static final int MAX_NAME_LENGTH = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "type", nullable = false, length = 40, updatable = false)
    private AuditEventType type;

    @Column(name = "actor_id", updatable = false)
    private Long actorId;

    @Column(name = "actor_name", length = MAX_NAME_LENGTH, updatable = false)
    private String actorName;

    @Column(name = "subject_id", updatable = false)
    private Long subjectId;

    @Column(name = "subject_name", length = MAX_NAME_LENGTH, updatable = false)
    private String subjectName;

    @Column(name = "session_id", updatable = false)
    private UUID sessionId;

    @Column(name = "client_ip", length = GatehouseSettings.MAX_IP_LENGTH, updatable = false)
    private String clientIp;

    @Column(name = "detail", length = MAX_DETAIL_LENGTH, updatable = false)
    private String detail;

    protected AuditEvent() {
        // for JPA
    }

    AuditEvent(
            Instant occurredAt,
            AuditEventType type,
            Party actor,
            Party subject,
            UUID sessionId,
            String clientIp,
            String detail) {
        this.occurredAt = occurredAt;
        this.type = type;
        this.actorId = actor == null ? null : actor.id();
        this.actorName = actor == null ? null : PrintableText.clip(actor.name(), MAX_NAME_LENGTH);
        this.subjectId = subject == null ? null : subject.id();
        this.subjectName = subject == null ? null : PrintableText.clip(subject.name(), MAX_NAME_LENGTH);
        this.sessionId = sessionId;
        this.clientIp = PrintableText.clip(clientIp, GatehouseSettings.MAX_IP_LENGTH);
        this.detail = PrintableText.clip(detail, MAX_DETAIL_LENGTH);
    }

    /** A user as the audit trail names them: id (if the account exists) and username. */
    public record Party(Long id, String name) {}

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public AuditEventType type() {
        return type;
    }

    public String actorName() {
        return actorName;
    }

    public String subjectName() {
        return subjectName;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public String clientIp() {
        return clientIp;
    }

    public String detail() {
        return detail;
    }
}
