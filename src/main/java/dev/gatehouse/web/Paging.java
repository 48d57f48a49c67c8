package dev.gatehouse.web;

import java.util.List;

/** Page arithmetic for list pages: which page we are on, how many there are, which sizes are offered. */
public record Paging(int page, int size, long total) {

    public static final List<Integer> SIZES = List.of(25, 50, 100);
    public static final int DEFAULT_SIZE = 25;

    /** A page size from the URL, or the default if it is not one of {@link #SIZES}. */
    public static int size(Integer requested) {
        return requested != null && SIZES.contains(requested) ? requested : DEFAULT_SIZE;
    }

    /** A page number from the URL, at least 1. */
    public static int page(Integer requested) {
        return requested == null || requested < 1 ? 1 : requested;
    }

    public int first() {
        return (page - 1) * size;
    }

    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }

    /** 1-based index of the first row shown, 0 if none. */
    public long from() {
        return total == 0 ? 0 : first() + 1L;
    }

    public long to() {
        return Math.min(total, (long) page * size);
    }
}
