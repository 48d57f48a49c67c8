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

/** Accounts: looking them up and creating them. Passwords are checked by {@link SignInAttempts}. */
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

    /** Finds a user by id. */
    public Optional<User> find(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /** Finds a user by what someone typed as username (normalised first). */
    public Optional<User> findByUsername(String typedUsername) {
        return em.createNamedQuery(User.FIND_BY_USERNAME, User.class)
                .setParameter("username", Usernames.normalise(typedUsername))
                .getResultList().stream()
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
