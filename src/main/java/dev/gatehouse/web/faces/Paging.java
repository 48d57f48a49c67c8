package dev.gatehouse.web.faces;

import java.util.List;

/** Page arithmetic for list pages: which page we are on, how many there are, which sizes are offered. */
public record Paging(int page, int size, long total) {

    public static final List<Integer> SIZES = List.of(25, 50, 100);
    public static final int DEFAULT_SIZE = 25;

    /** A page size from the URL, or the default if absent or not one of {@link #SIZES}; 400 if not a number. */
    public static int size(String requested) {
        return RequestInput.number("size", requested).filter(SIZES::contains).orElse(DEFAULT_SIZE);
    }

    /** A page number from the URL, at least 1; 400 if not a number. */
    public static int page(String requested) {
        return Math.max(1, RequestInput.number("page", requested).orElse(1));
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
