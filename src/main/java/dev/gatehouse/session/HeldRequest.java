package dev.gatehouse.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A form post refused for want of a recent proof ({@link RecentAuthentication}), kept for its session while the
 * holder re-authenticates, then handed back once to be sent again. The form is stored as the browser sent it
 * (URL-encoded, then sealed: see {@link HeldRequests}), without its CSRF token, which the resubmission gets anew.
 */
@Entity
@Table(name = "held_request")
@NamedQuery(name = HeldRequest.DELETE_BY_ID_AND_SESSION, query = """
        delete from HeldRequest h where h.id = :id and h.sessionId = :sessionId""")
@NamedQuery(name = HeldRequest.DELETE_EXPIRED, query = "delete from HeldRequest h where h.expiresAt <= :now")
public class HeldRequest {

    static final String DELETE_BY_ID_AND_SESSION = "HeldRequest.deleteByIdAndSession";
    static final String DELETE_EXPIRED = "HeldRequest.deleteExpired";

    /** Longest sealed form kept (base 64 of the encrypted form); the admin forms are far smaller. */
    static final int MAX_FORM_LENGTH = 65536;

    @Id
    @Column(name = "id", nullable = false)
    private UUID id;

    @Column(name = "session_id", nullable = false)
    private UUID sessionId;

    @Column(name = "path", nullable = false, length = 2048)
    private String path;

    @Column(name = "form", nullable = false, length = MAX_FORM_LENGTH)
    private String form;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected HeldRequest() {
        // for JPA
    }

    HeldRequest(UUID id, UUID sessionId, String path, String form, Instant now, Instant expiresAt) {
        this.id = id;
        this.sessionId = sessionId;
        this.path = path;
        this.form = form;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return id;
    }

    UUID sessionId() {
        return sessionId;
    }

    String path() {
        return path;
    }

    String form() {
        return form;
    }

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
