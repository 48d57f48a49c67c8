package dev.gatehouse.user;

import dev.gatehouse.persistence.Page;
import dev.gatehouse.persistence.PagedQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Optional;

/** Every query on {@code app_user}. Named queries live on {@link User}; callers bring the transaction. */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class UserRepository {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    /** The account with this id. */
    public Optional<User> find(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /** The account whose stored username is what someone typed, normalised (see {@link Usernames}). */
    public Optional<User> findByUsername(String typedUsername) {
        return em
                .createNamedQuery(User.FIND_BY_USERNAME, User.class)
                .setParameter("username", Usernames.normalise(typedUsername))
                .getResultList()
                .stream()
                .findFirst();
    }

    /** The directory user provisioned from the directory entry with this stable identity. */
    public Optional<User> findByDirectoryId(String entryId) {
        return em
                .createNamedQuery(User.FIND_BY_DIRECTORY_ID, User.class)
                .setParameter("directoryId", entryId)
                .getResultList()
                .stream()
                .findFirst();
    }

    /** Whether at least one account holds the role. */
    public boolean anyoneHasRole(Role role) {
        return em.createNamedQuery(User.COUNT_WITH_ROLE, Long.class)
                        .setParameter("role", role)
                        .getSingleResult()
                > 0;
    }

    /** Stores a new account. */
    public void persist(User user) {
        em.persist(user);
    }

    /** Writes pending changes now, e.g. so a new account's id can go into an audit entry. */
    public void flush() {
        em.flush();
    }

    /** Users whose username starts with, or whose display name contains, {@code term} (normalised); by username. */
    public Page<User> search(String term, int first, int size) {
        PagedQuery<User> list = PagedQuery.of(User.class, "select u from User u", "select count(u) from User u");
        if (!term.isEmpty()) {
            String normalised = Usernames.normalise(term);
            list.where("(u.username like :prefix " + PagedQuery.LIKE_ESCAPE + " or lower(u.displayName) like :part "
                            + PagedQuery.LIKE_ESCAPE + ")")
                    .bind("prefix", PagedQuery.startingWith(normalised))
                    .bind("part", PagedQuery.containing(normalised));
        }
        return list.page(em, "u.username", first, size);
    }
}
