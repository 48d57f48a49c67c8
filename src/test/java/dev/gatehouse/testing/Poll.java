package dev.gatehouse.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition against a deadline: how tests wait for something asynchronous, never by a guessed sleep. */
public final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(10);

    private Poll() {}

    /**
     * Reads {@code value} until {@code done} accepts it, for at most {@code deadline}.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value if the deadline passes first
     */
    public static <T> T until(Supplier<T> value, Predicate<T> done, Duration deadline, String what) {
        Instant giveUp = Instant.now().plus(deadline);
        T last = value.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(what + " within " + deadline + "; last seen: " + last);
            }
            try {
                Thread.sleep(INTERVAL.toMillis()); // polling the condition; the deadline bounds it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = value.get();
        }
        return last;
    }
}
