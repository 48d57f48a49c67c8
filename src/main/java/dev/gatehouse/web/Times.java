package dev.gatehouse.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats instants for pages, clearly as UTC. */
@Named
@ApplicationScoped
public class Times {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** {@code 2026-11-26 21:30:00 UTC}. */
    public String utc(Instant instant) {
        return UTC.format(instant);
    }

    /** ISO-8601, for {@code datetime} attributes. */
    public String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
