package dev.gatehouse.factor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One single-use recovery code, stored as its digest; a used one is kept until its owner has been told. */
@Entity
@Table(name = "recovery_code")
@NamedQuery(name = RecoveryCode.USE, query = """
        update RecoveryCode c set c.usedAt = :now, c.usedIp = :ip
         where c.userId = :userId and c.codeDigest = :digest and c.usedAt is null""")
@NamedQuery(name = RecoveryCode.COUNT_UNUSED, query = """
        select count(c) from RecoveryCode c where c.userId = :userId and c.usedAt is null""")
@NamedQuery(name = RecoveryCode.UNNOTIFIED_USES, query = """
        select c from RecoveryCode c where c.userId = :userId and c.usedAt is not null and c.notifiedAt is null
         order by c.usedAt""")
@NamedQuery(name = RecoveryCode.RECENT_USES, query = """
        select c from RecoveryCode c where c.userId = :userId and c.usedAt is not null order by c.usedAt desc""")
@NamedQuery(name = RecoveryCode.DELETE_OF_USER, query = "delete from RecoveryCode c where c.userId = :userId")
public class RecoveryCode {

    static final String USE = "RecoveryCode.use";
    static final String COUNT_UNUSED = "RecoveryCode.countUnused";
    static final String UNNOTIFIED_USES = "RecoveryCode.unnotifiedUses";
    static final String RECENT_USES = "RecoveryCode.recentUses";
    static final String DELETE_OF_USER = "RecoveryCode.deleteOfUser";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "code_digest", nullable = false, length = 64)
    private String codeDigest;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "used_at")
    private Instant usedAt;

    @Column(name = "used_ip", length = 45)
    private String usedIp;

    @Column(name = "notified_at")
    private Instant notifiedAt;

    protected RecoveryCode() {
        // for JPA
    }

    RecoveryCode(long userId, String codeDigest, Instant now) {
        this.userId = userId;
        this.codeDigest = codeDigest;
        this.createdAt = now;
    }

    Instant usedAt() {
        return usedAt;
    }

    String usedIp() {
        return usedIp;
    }

    void notified(Instant now) {
        notifiedAt = now;
    }
}
