package dev.gatehouse.testing.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Replaces the application's system clock in test deployments that ask for test support. */
@Alternative
@Priority(1000)
@ApplicationScoped
public class AdjustableClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return AdjustableClock.INSTANCE;
    }
}
