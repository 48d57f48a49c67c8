package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many sign-ins this node works on at once. A sign-in runs a few short transactions around its hash; a flood
 * of them, each taking a pooled connection in turn on a starved CPU, once held every connection for longer than
 * the pool's wait, so sign-ins and signed-in users' requests alike got "database unavailable". Beyond the limit a
 * sign-in waits up to the hashing wait for a place and is then refused as busy, before it touches the database.
 */
@ApplicationScoped
public class SignInAdmission {

    /** Places per core: hashing runs one per core, so this keeps every core busy and a pool of 32 mostly free. */
    public static final int PLACES_PER_CORE = 4;

    private final Semaphore places =
            new Semaphore(PLACES_PER_CORE * Runtime.getRuntime().availableProcessors(), true);

    @Inject
    GatehouseSettings settings;

    /** Takes a place, waiting at most the hashing wait. @return whether one came free in time */
    public boolean tryEnter() {
        try {
            return places.tryAcquire(settings.hashingWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives back the place {@link #tryEnter()} took. */
    public void leave() {
        places.release();
    }
}
