package dev.gatehouse.testing.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock plus an offset that tests move forward, so expiry can be tested without waiting. */
public final class AdjustableClock extends Clock {

    static final AdjustableClock INSTANCE = new AdjustableClock();

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private AdjustableClock() {}

    Instant advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    /** Back to the system time, so each test starts where a freshly booted server would. */
    Instant reset() {
        offset.set(Duration.ZERO);
        return instant();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Gatehouse works in UTC");
    }
}
