package dev.gatehouse.web.faces;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Defensive parsing of query parameters for list pages: absent means "no filter" or the default; present but
 * nonsensical is an {@link InvalidInputException} (400), never a value that reaches the database.
 */
public final class RequestInput {

    /** Longest filter text any list accepts. */
    public static final int MAX_FILTER_LENGTH = 200;
    /** Highest page number or count a URL may carry (far beyond any real list). */
    public static final int MAX_NUMBER = 10_000_000;

    static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);

    private RequestInput() {}

    /** A filter text, stripped; empty if absent or blank. */
    public static Optional<String> filter(String parameter, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.length() > MAX_FILTER_LENGTH) {
            throw new InvalidInputException(parameter, "is longer than " + MAX_FILTER_LENGTH + " characters");
        }
        if (raw.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(parameter, "contains control characters");
        }
        return Optional.of(raw.strip());
    }

    /** A whole number from 0 to {@link #MAX_NUMBER}; empty if absent. */
    public static Optional<Integer> number(String parameter, String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.length() > 8 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException(parameter, "is not a whole number");
        }
        int value = Integer.parseInt(raw);
        if (value > MAX_NUMBER) {
            throw new InvalidInputException(parameter, "is larger than " + MAX_NUMBER);
        }
        return Optional.of(value);
    }

    /** The start of a UTC day given as {@code yyyy-mm-dd}, between 1970 and 9999; empty if absent. */
    public static Optional<Instant> day(String parameter, String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(parameter, "is not a date (yyyy-mm-dd)");
        }
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw new InvalidInputException(parameter, "is outside " + EARLIEST_DATE + " to " + LATEST_DATE);
        }
        return Optional.of(date.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
