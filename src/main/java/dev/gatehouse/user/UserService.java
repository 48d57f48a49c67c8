package dev.gatehouse.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts: looking them up and creating them, each in a transaction (joined if the caller has one). Queries are
 * in {@link UserRepository}; passwords are checked by {@link SignInAttempts}.
 */
@ApplicationScoped
@Transactional
public class UserService {

    @Inject
    UserRepository repository;

    @Inject
    PasswordHasher hasher;

    @Inject
    Clock clock;

    /** Finds a user by id. */
    public Optional<User> find(long id) {
        return repository.find(id);
    }

    /** Finds a user by what someone typed as username (normalised first). */
    public Optional<User> findByUsername(String typedUsername) {
        return repository.findByUsername(typedUsername);
    }

    /** Whether at least one account holds the role. */
    public boolean anyoneHasRole(Role role) {
        return repository.anyoneHasRole(role);
    }

    /** Creates an account with the given password (hashed here). */
    public User create(String username, String displayName, String password, Set<Role> roles) {
        User user = new User(username, displayName, hasher.hash(password), roles, clock.instant());
        repository.persist(user);
        return user;
    }
}
