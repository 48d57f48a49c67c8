package dev.gatehouse.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Parses raw setting values and collects every problem before failing, so one restart fixes them all. */
final class SettingsReader {
    final Function<String, Optional<String>> source;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(Function<String, Optional<String>> source) {
        this.source = source;
    }

    Duration duration(String key, Duration fallback) {
        return parse(key, fallback, Duration::parse, "an ISO-8601 duration such as PT30M or PT12H");
    }

    int integer(String key, int fallback) {
        return parse(key, fallback, Integer::valueOf, "a whole number");
    }

    boolean bool(String key, boolean fallback) {
        return parse(
                key,
                fallback,
                raw -> {
                    if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException(raw);
                    }
                    return Boolean.valueOf(raw);
                },
                "true or false");
    }

    List<String> list(String key) {
        return source.apply(key).stream()
                .flatMap(raw -> Arrays.stream(raw.split(",")))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    String string(String key, String fallback) {
        return source.apply(key).map(String::trim).orElse(fallback);
    }

    /** The trimmed value, empty when unset or blank. */
    Optional<String> optional(String key) {
        return source.apply(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    void require(boolean condition, String key, String rule) {
        if (!condition) {
            problem(key, rule);
        }
    }

    void problem(String key, String rule) {
        problems.add(key + " " + rule);
    }

    void failIfAnyProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid Gatehouse settings: " + String.join("; ", problems));
        }
    }

    private <T> T parse(String key, T fallback, Function<String, T> parser, String expected) {
        Optional<String> raw = source.apply(key).map(String::trim);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(raw.get());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(key + " must be " + expected + ", not '" + raw.get() + "'");
            return fallback;
        }
    }
}
