package dev.gatehouse.session;

import java.util.Optional;

/**
 * Which live sessions to list, in what order, which page. Sorting is limited to indexed columns so that pages
 * stay fast over a million rows.
 */
public record SessionQuery(
        Optional<String> usernamePrefix, Optional<String> ip, Sort sort, boolean descending, int page, int size) {

    public static final int MAX_PAGE_SIZE = 100;

    /** The columns a list can be sorted by. */
    public enum Sort {
        USER("u.username"),
        CREATED("s.createdAt"),
        LAST_SEEN("s.lastSeenAt"),
        EXPIRY("s.idleExpiresAt");

        final String path;

        Sort(String path) {
            this.path = path;
        }
    }

    public SessionQuery {
        if (page < 1 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 1 and size 1.." + MAX_PAGE_SIZE);
        }
    }

    int firstResult() {
        return (page - 1) * size;
    }
}
