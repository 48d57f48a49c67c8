package dev.gatehouse.factor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;

/**
 * The database's {@link PasskeyChallenges.Ledger}: a spent challenge is a row, committed in a transaction of its own
 * at once (so it stays spent even when the step that spent it fails), and the primary key refuses the same challenge
 * a second time, on any node, even when two requests race with it.
 */
@ApplicationScoped
public class SpentChallenges {

    @PersistenceContext(unitName = "gatehouse")
    EntityManager em;

    /**
     * Records {@code digest} as spent.
     *
     * @throws PersistenceException when it was spent before (the caller's answer is then refused)
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void spend(String digest, Instant expiresAt) {
        if (em.find(SpentChallenge.class, digest) != null) {
            throw new PersistenceException("challenge already spent");
        }
        em.persist(new SpentChallenge(digest, expiresAt));
        em.flush();
    }

    /** Forgets challenges that expired before {@code now} (they can no longer be answered anyway). */
    @Transactional
    public int deleteExpired(Instant now) {
        return em.createNamedQuery(SpentChallenge.DELETE_EXPIRED)
                .setParameter("now", now)
                .executeUpdate();
    }
}
