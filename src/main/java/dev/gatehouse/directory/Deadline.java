package dev.gatehouse.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When one sign-in or lookup must be done, so that its search, bind and group searches share one budget instead of
 * taking a full timeout each.
 */
final class Deadline {

    private final Duration budget;
    private final LongSupplier nanoTime;
    private final long endNanos;

    /** Starts now. */
    Deadline(Duration budget, LongSupplier nanoTime) {
        this.budget = budget;
        this.nanoTime = nanoTime;
        this.endNanos = nanoTime.getAsLong() + budget.toNanos();
    }

    /**
     * The milliseconds left, at least 1 (the SDK takes 0 as "wait forever").
     *
     * @throws LDAPException {@code TIMEOUT} when no time is left
     */
    long remainingMillis() throws LDAPException {
        long left = TimeUnit.NANOSECONDS.toMillis(endNanos - nanoTime.getAsLong());
        if (left <= 0) {
            throw new LDAPException(
                    ResultCode.TIMEOUT, "the directory did not finish one sign-in or lookup within " + budget);
        }
        return left;
    }

    /** Like {@link #remainingMillis()}, but no more than {@code limitMillis}. */
    long remainingMillis(long limitMillis) throws LDAPException {
        return Math.min(remainingMillis(), limitMillis);
    }
}
