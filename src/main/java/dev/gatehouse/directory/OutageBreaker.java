package dev.gatehouse.directory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A half-open circuit breaker: for a while after a call found the directory unavailable, only one call at a time
 * (the probe) may try it, and the others fail at once instead of each waiting for a timeout. A call that gets an
 * answer closes it. Calls one after another are each the probe, so a recovered directory is used at once.
 */
final class OutageBreaker {

    /** Why a call fails at once while another call is trying a directory that failed. */
    static final String DID_NOT_ANSWER = "the directory did not answer a moment ago";

    /** Leave to try the directory; a probe must be {@link #release released}. */
    record Ticket(boolean probe) {}

    private final long windowNanos;
    private final LongSupplier nanoTime;
    private boolean open;
    private long failedNanos;
    private boolean probing;
    private boolean warned;
    private long warnedNanos;

    OutageBreaker(Duration window, LongSupplier nanoTime) {
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Leave to try the directory, or empty while another call is already probing it during an outage. */
    synchronized Optional<Ticket> admit() {
        if (!isOpen(nanoTime.getAsLong())) {
            return Optional.of(new Ticket(false));
        }
        if (probing) {
            return Optional.empty();
        }
        probing = true;
        return Optional.of(new Ticket(true));
    }

    /** The directory answered the call: the outage, if any, is over; true when there was one. */
    synchronized boolean answered() {
        boolean wasOpen = open;
        open = false;
        return wasOpen;
    }

    /** The call found the directory unavailable; true when that is worth a warning (once per window). */
    synchronized boolean failed() {
        long now = nanoTime.getAsLong();
        open = true;
        failedNanos = now;
        boolean warn = !warned || now - warnedNanos >= windowNanos;
        if (warn) {
            warned = true;
            warnedNanos = now;
        }
        return warn;
    }

    /** The call has ended, however it ended. */
    synchronized void release(Ticket ticket) {
        if (ticket.probe()) {
            probing = false;
        }
    }

    private boolean isOpen(long now) {
        return open && now - failedNanos < windowNanos;
    }
}
