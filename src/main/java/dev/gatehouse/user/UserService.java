package dev.gatehouse.user;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
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

    /**
     * Returns the enabled user whose password matches, or empty. Unknown users cost the same hashing work as
     * known ones, and every failure looks the same to the caller, so nothing tells whether an account exists.
     */
    public Optional<User> authenticate(String typedUsername, String password) {
        if (password == null || password.isEmpty() || password.length() > settings.passwordMaxLength()) {
            return Optional.empty();
        }
        Optional<User> found = Usernames.isPlausible(typedUsername)
                ? findByUsername(typedUsername)
                : Optional.empty();
        if (found.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            return Optional.empty();
        }
        User user = found.get();
        if (!hasher.verify(user.passwordHash(), password) || !user.isEnabled()) {
            return Optional.empty();
        }
        if (hasher.needsRehash(user.passwordHash())) {
            user.rehashPassword(hasher.hash(password));
        }
        return Optional.of(user);
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
