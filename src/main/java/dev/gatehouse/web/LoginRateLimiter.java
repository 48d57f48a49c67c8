package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts sign-in attempts per client IP in one-minute windows (on this node; per-account lockout is the
 * cross-node defence). Memory stays bounded: windows that have ended are dropped whenever the map grows.
 */
@ApplicationScoped
public class LoginRateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int SWEEP_ABOVE = 10_000;

    private record Window(long startMillis, int attempts) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private int limit;
    private Clock clock;

    protected LoginRateLimiter() {
        // for CDI
    }

    @Inject
    public LoginRateLimiter(GatehouseSettings settings, Clock clock) {
        this.limit = settings.loginRatePerMinute();
        this.clock = clock;
    }

    /** How many clients are being counted now; for tests and metrics. */
    public int trackedClients() {
        return windows.size();
    }

    /**
     * Counts one attempt from {@code ip}.
     *
     * @return empty if it may go ahead, else how long until the client's window ends
     */
    public Optional<Duration> tryAcquire(String ip) {
        long now = clock.millis();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(w -> now - w.startMillis() >= WINDOW.toMillis());
        }
        Window window = windows.compute(ip, (key, current) ->
                current == null || now - current.startMillis() >= WINDOW.toMillis()
                        ? new Window(now, 1)
                        : new Window(current.startMillis(), current.attempts() + 1));
        if (window.attempts() <= limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(Instant.ofEpochMilli(now), Instant.ofEpochMilli(window.startMillis()).plus(WINDOW)));
    }
}
