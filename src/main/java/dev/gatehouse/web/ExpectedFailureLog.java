package dev.gatehouse.web;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One log line per expected failure (a refused path, a forged form, nonsense input), but at most
 * {@link #LINES_PER_MINUTE} a minute per kind: a flood of probes must not flood the log. What is held back is
 * counted and reported with the next line that gets through.
 */
public final class ExpectedFailureLog {

    static final int LINES_PER_MINUTE = 20;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Logger log;
    private final Level level;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong linesInWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public ExpectedFailureLog(Class<?> owner, Level level) {
        this.log = System.getLogger(owner.getName());
        this.level = level;
    }

    /**
     * Logs {@code message} (a {@link java.text.MessageFormat} pattern) unless this minute's lines are used up.
     *
     * @return whether it was logged
     */
    public boolean log(String message, Object... parameters) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start > MINUTE_NANOS && windowStart.compareAndSet(start, now)) {
            linesInWindow.set(0);
        }
        if (linesInWindow.incrementAndGet() > LINES_PER_MINUTE) {
            suppressed.incrementAndGet();
            return false;
        }
        long held = suppressed.getAndSet(0);
        log.log(level, held == 0 ? message : message + " (and " + held + " more like it not logged)", parameters);
        return true;
    }
}
