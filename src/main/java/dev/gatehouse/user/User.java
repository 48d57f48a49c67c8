package dev.gatehouse.user;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A person who can sign in. The username is stored normalised (see {@link Usernames}), so it is unique case-
 * insensitively.
 */
@Entity
@Table(name = "app_user")
@NamedQuery(name = User.FIND_BY_USERNAME, query = "select u from User u where u.username = :username")
@NamedQuery(name = User.COUNT_WITH_ROLE, query = "select count(u) from User u join u.roles r where r = :role")
@NamedQuery(name = User.FIND_BY_DIRECTORY_ID, query = "select u from User u where u.directoryId = :directoryId")
public class User {

    public static final String FIND_BY_USERNAME = "User.findByUsername";
    public static final String COUNT_WITH_ROLE = "User.countWithRole";
    public static final String FIND_BY_DIRECTORY_ID = "User.findByDirectoryId";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "username", nullable = false, unique = true, length = 100)
    private String username;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false, length = 20)
    private UserSource source = UserSource.LOCAL;

    /** Null for directory users: the directory checks their password. */
    @Column(name = "password_hash", length = 300)
    private String passwordHash;

    @Column(name = "directory_id", length = 300, unique = true)
    private String directoryId;

    @Column(name = "directory_dn", length = 1000)
    private String directoryDn;

    @Column(name = "directory_checked_at")
    private Instant directoryCheckedAt;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 20)
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    @Column(name = "enabled", nullable = false)
    private boolean enabled = true;

    @Embedded
    private FailedAttempts failures = new FailedAttempts();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "password_changed_at", nullable = false)
    private Instant passwordChangedAt;

    protected User() {
        // for JPA
    }

    public User(String username, String displayName, String passwordHash, Set<Role> roles, Instant now) {
        this.username = Usernames.normalise(username);
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.createdAt = now;
        this.passwordChangedAt = now;
    }

    /**
     * A user from the company directory, provisioned at their first sign-in: no password here, name and roles
     * as the directory said at {@code now}.
     */
    public static User fromDirectory(
            String username, String entryId, String displayName, String dn, Set<Role> roles, Instant now) {
        User user = new User(username, displayName, null, roles, now);
        user.source = UserSource.DIRECTORY;
        user.directoryId = entryId;
        user.directoryDn = dn;
        user.directoryCheckedAt = now;
        return user;
    }

    public Long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String displayName() {
        return displayName;
    }

    /** The Argon2id hash of a local account's password; empty for directory users. */
    public Optional<String> passwordHash() {
        return Optional.ofNullable(passwordHash);
    }

    public UserSource source() {
        return source;
    }

    public boolean isFromDirectory() {
        return source == UserSource.DIRECTORY;
    }

    /** The directory entry's stable identity (see {@code DirectoryAccount.entryId}); empty for local accounts. */
    public Optional<String> directoryId() {
        return Optional.ofNullable(directoryId);
    }

    /** The directory entry's DN as last read; empty for local accounts. */
    public Optional<String> directoryDn() {
        return Optional.ofNullable(directoryDn);
    }

    /** When the directory was last asked about this user (sign-in or recheck); empty for local accounts. */
    public Optional<Instant> directoryCheckedAt() {
        return Optional.ofNullable(directoryCheckedAt);
    }

    /**
     * Takes over what the directory said at {@code now}: entry DN, name and roles.
     *
     * @return whether name or roles changed (the caller tells the session caches)
     */
    public boolean refreshFromDirectory(String dn, String displayName, Set<Role> roles, Instant now) {
        if (source != UserSource.DIRECTORY) {
            throw new IllegalStateException("not a directory user: " + username);
        }
        boolean changed = !this.displayName.equals(displayName) || !roles().equals(roles);
        this.directoryDn = dn;
        this.directoryCheckedAt = now;
        if (changed) {
            changeProfile(displayName, roles);
        }
        return changed;
    }

    /** Records that the directory was asked about this user at {@code now}, whatever it said. */
    public void directoryChecked(Instant now) {
        this.directoryCheckedAt = now;
    }

    public Set<Role> roles() {
        return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Sets a new password (already hashed) and records when, which is what ends other sessions' claim to it. */
    public void changePassword(String newHash, Instant now) {
        requireLocal();
        this.passwordHash = newHash;
        this.passwordChangedAt = now;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant passwordChangedAt() {
        return passwordChangedAt;
    }

    /** Whether sign-ins are refused at {@code now} because of earlier failures. */
    public boolean isLockedAt(Instant now) {
        return failures().isLockedAt(now);
    }

    /** Counts a wrong password and locks the account if {@code lockout} says so. */
    public void recordFailedSignIn(Instant now, Lockout lockout) {
        failures().record(now, lockout);
    }

    /** See {@link FailedAttempts#refund}. */
    void refundFailedSignIn(boolean lockedByIt, Instant lockBefore) {
        failures().refund(lockedByIt, lockBefore);
    }

    /** See {@link FailedAttempts#succeed}. */
    void recordSuccessfulSignIn(Lockout lockout) {
        failures().succeed(lockout);
    }

    /** See {@link FailedAttempts#forgetOlderThan}. */
    void forgetFailuresOlderThan(Duration memory, Instant now) {
        failures().forgetOlderThan(memory, now);
    }

    /** An administrator clears the failure count and any lock. */
    public void clearFailedSignIns() {
        failures().clear();
    }

    public int failedLogins() {
        return failures().count();
    }

    public Optional<Instant> lockedUntil() {
        return failures().lockedUntil();
    }

    /** The failure count and lock; never null (JPA leaves an all-null embeddable null). */
    FailedAttempts failures() {
        if (failures == null) {
            failures = new FailedAttempts();
        }
        return failures;
    }

    /** What an administrator may change besides access: the name shown and the roles. */
    public void changeProfile(String displayName, Set<Role> roles) {
        this.displayName = displayName;
        this.roles.clear();
        this.roles.addAll(roles);
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Stores a new hash of the same password, e.g. with stronger parameters; not a password change. */
    public void rehashPassword(String newHash) {
        requireLocal();
        this.passwordHash = newHash;
    }

    /** Passwords of directory users live in the directory; a code path that tries to set one here is a bug. */
    private void requireLocal() {
        if (source != UserSource.LOCAL) {
            throw new IllegalStateException("the password of directory user " + username + " is the directory's");
        }
    }
}
