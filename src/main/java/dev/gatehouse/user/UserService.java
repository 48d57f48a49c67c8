package dev.gatehouse.user;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Accounts: looking them up, checking passwords, creating them. */
@ApplicationScoped
@Transactional
public class UserService {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    GatehouseSettings settings;

    @Inject
    Clock clock;

    private Lockout lockout;

    @PostConstruct
    void init() {
        lockout = Lockout.from(settings);
    }

    /**
     * Checks a username and password. Unknown users, locked accounts and disabled accounts cost the same hashing
     * work as real attempts, and callers show every failure alike, so nothing tells whether an account exists.
     * Wrong passwords count towards the account's lockout; a success clears the count and upgrades an old hash.
     */
    public Authentication authenticate(String typedUsername, String password) {
        if (password == null || password.isEmpty() || password.length() > settings.passwordMaxLength()) {
            return Authentication.failed(Authentication.Outcome.REFUSED_INPUT, null);
        }
        Optional<User> found = Usernames.isPlausible(typedUsername) ? findByUsername(typedUsername) : Optional.empty();
        if (found.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            return Authentication.failed(Authentication.Outcome.UNKNOWN_USER, null);
        }
        User user = found.get();
        Instant now = clock.instant();
        if (user.isLockedAt(now)) {
            hasher.verifyAgainstDummy(password);
            return Authentication.failed(Authentication.Outcome.LOCKED, user);
        }
        if (!hasher.verify(user.passwordHash(), password)) {
            em.refresh(user, LockModeType.PESSIMISTIC_WRITE); // concurrent failures must all count
            user.recordFailedSignIn(now, lockout);
            return Authentication.failed(Authentication.Outcome.WRONG_PASSWORD, user);
        }
        if (!user.isEnabled()) {
            return Authentication.failed(Authentication.Outcome.DISABLED, user);
        }
        if (user.failedLogins() > 0 || user.lockedUntil().isPresent()) {
            user.clearFailedSignIns();
        }
        if (hasher.needsRehash(user.passwordHash())) {
            user.rehashPassword(hasher.hash(password));
        }
        return Authentication.succeeded(user);
    }

    /** Finds a user by id. */
    public Optional<User> find(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /** Finds a user by what someone typed as username (normalised first). */
    public Optional<User> findByUsername(String typedUsername) {
        return em.createNamedQuery(User.FIND_BY_USERNAME, User.class)
                .setParameter("username", Usernames.normalise(typedUsername))
                .getResultStream()
                .findFirst();
    }

    /** Whether at least one account holds the role. */
    public boolean anyoneHasRole(Role role) {
        return em.createNamedQuery(User.COUNT_WITH_ROLE, Long.class)
                .setParameter("role", role)
                .getSingleResult() > 0;
    }

    /** Creates an account with the given password (hashed here). */
    public User create(String username, String displayName, String password, Set<Role> roles) {
        User user = new User(username, displayName, hasher.hash(password), roles, clock.instant());
        em.persist(user);
        return user;
    }
}
