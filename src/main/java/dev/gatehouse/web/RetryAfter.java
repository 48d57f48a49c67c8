package dev.gatehouse.web;

import java.time.Duration;

/** Every {@code Retry-After} Gatehouse sends, in one place, so the answers for one kind of wait cannot drift apart. */
public final class RetryAfter {

    public static final String HEADER = "Retry-After";
    /** Seconds a client is asked to wait while the session database cannot be reached. */
    public static final String DATABASE_UNAVAILABLE_SECONDS = "5";
    /** Seconds a client is asked to wait when every password-hashing slot is busy. */
    public static final String HASHING_BUSY_SECONDS = "2";
    /** Seconds a directory user is asked to wait when no directory server answered. */
    public static final String DIRECTORY_UNAVAILABLE_SECONDS = "30";

    private RetryAfter() {}

    /** The header value for a known wait: its whole seconds plus one, so the client never comes back too early. */
    public static String after(Duration wait) {
        return Long.toString(Math.max(1, wait.toSeconds() + 1));
    }
}
