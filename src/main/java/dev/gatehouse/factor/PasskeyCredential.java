package dev.gatehouse.factor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One of a user's passkeys: the credential as registered (id, public key in its attested credential data, AAGUID,
 * transports, backup flags), the sign counter of its last assertion, its owner's name for it and its last use.
 */
@Entity
@Table(name = "passkey")
@NamedQuery(name = PasskeyCredential.OF_USER, query = """
        select p from PasskeyCredential p where p.userId = :userId order by p.createdAt, p.id""")
@NamedQuery(name = PasskeyCredential.COUNT_OF_USER, query = """
        select count(p) from PasskeyCredential p where p.userId = :userId""")
@NamedQuery(name = PasskeyCredential.BY_CREDENTIAL_ID, query = """
        select p from PasskeyCredential p where p.credentialId = :credentialId""")
@NamedQuery(name = PasskeyCredential.DELETE_OF_USER, query = "delete from PasskeyCredential p where p.userId = :userId")
public class PasskeyCredential {

    static final String OF_USER = "PasskeyCredential.ofUser";
    static final String COUNT_OF_USER = "PasskeyCredential.countOfUser";
    static final String BY_CREDENTIAL_ID = "PasskeyCredential.byCredentialId";
    static final String DELETE_OF_USER = "PasskeyCredential.deleteOfUser";

    /** The longest name a user can give a passkey. */
    public static final int NAME_MAX_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "credential_id", nullable = false)
    private byte[] credentialId;

    @Column(name = "user_handle", nullable = false)
    private byte[] userHandle;

    @Column(name = "attested_credential_data", nullable = false)
    private byte[] attestedCredentialData;

    @Column(name = "sign_count", nullable = false)
    private long signCount;

    @Column(name = "aaguid", nullable = false)
    private UUID aaguid;

    @Column(name = "transports", nullable = false, length = 200)
    private String transports;

    @Column(name = "user_verified", nullable = false)
    private boolean userVerified;

    @Column(name = "backup_eligible", nullable = false)
    private boolean backupEligible;

    @Column(name = "backup_state", nullable = false)
    private boolean backupState;

    @Column(name = "name", nullable = false, length = NAME_MAX_LENGTH)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "last_used_ip", length = 45)
    private String lastUsedIp;

    protected PasskeyCredential() {
        // for JPA
    }

    PasskeyCredential(long userId, byte[] userHandle, Passkeys.Registered registered, String name, Instant now) {
        this.userId = userId;
        this.credentialId = registered.credentialId();
        this.userHandle = userHandle.clone();
        this.attestedCredentialData = registered.attestedCredentialData();
        this.signCount = registered.signCount();
        this.aaguid = registered.aaguid();
        this.transports = String.join(",", new TreeSet<>(registered.transports()));
        this.userVerified = registered.userVerified();
        this.backupEligible = registered.backupEligible();
        this.backupState = registered.backupState();
        this.name = name;
        this.createdAt = now;
    }

    /** The credential as the verifier needs it. */
    Passkeys.Stored stored() {
        return new Passkeys.Stored(attestedCredentialData, signCount, backupEligible, backupState, transportSet());
    }

    /** A verified assertion: its counter is the one the next must exceed. */
    void used(Passkeys.Asserted asserted, Instant at, String ip) {
        signCount = asserted.signCount();
        backupState = asserted.backupState();
        userVerified = userVerified || asserted.userVerified();
        lastUsedAt = at;
        lastUsedIp = ip;
    }

    void rename(String name) {
        this.name = name;
    }

    public long id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    byte[] credentialId() {
        return credentialId.clone();
    }

    boolean hasUserHandle(byte[] handle) {
        return handle != null && Arrays.equals(userHandle, handle);
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> lastUsedAt() {
        return Optional.ofNullable(lastUsedAt);
    }

    public Optional<String> lastUsedIp() {
        return Optional.ofNullable(lastUsedIp);
    }

    /** Whether the passkey is synced to a cloud account (backed up) rather than bound to one device. */
    public boolean backedUp() {
        return backupState;
    }

    public Set<String> transportSet() {
        return transports.isEmpty() ? Set.of() : Set.of(transports.split(","));
    }
}
