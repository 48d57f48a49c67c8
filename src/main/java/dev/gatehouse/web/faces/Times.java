package dev.gatehouse.web.faces;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats instants for pages, clearly as UTC. */
@Named
@ApplicationScoped
public class Times {

    @Inject
    Clock clock;

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** {@code 2026-11-26 21:30:00 UTC}. */
    public String utc(Instant instant) {
        return UTC.format(instant);
    }

    /** How long ago, roughly: {@code just now}, {@code 3 min ago}, {@code 2 h ago}, {@code 4 days ago}. */
    public String ago(Instant instant) {
        Duration elapsed = Duration.between(instant, clock.instant());
        if (elapsed.toSeconds() < 60) {
            return "just now";
        }
        if (elapsed.toMinutes() < 60) {
            return elapsed.toMinutes() + " min ago";
        }
        if (elapsed.toHours() < 48) {
            return elapsed.toHours() + " h ago";
        }
        return elapsed.toDays() + " days ago";
    }

    /** How long until, roughly: {@code in 3 min}, {@code in 2 h}. */
    public String in(Instant instant) {
        Duration left = Duration.between(clock.instant(), instant);
        if (left.toMinutes() < 1) {
            return "in less than a minute";
        }
        return left.toMinutes() < 60 ? "in " + left.toMinutes() + " min" : "in " + left.toHours() + " h";
    }

    /** ISO-8601, for {@code datetime} attributes. */
    public String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
