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
record Deadline(Duration budget, long perOperationMillis, long endNanos, LongSupplier nanoTime) {

    /** A deadline {@code budget} from now, for operations that may each take up to {@code perOperation}. */
    static Deadline after(Duration budget, Duration perOperation, LongSupplier nanoTime) {
        return new Deadline(budget, perOperation.toMillis(), nanoTime.getAsLong() + budget.toNanos(), nanoTime);
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

    /**
     * The timeout for the next connect, search or bind: the per-operation timeout, or less when less time is left.
     *
     * @throws LDAPException {@code TIMEOUT} when no time is left
     */
    long nextTimeoutMillis() throws LDAPException {
        return Math.min(remainingMillis(), perOperationMillis);
    }
}
