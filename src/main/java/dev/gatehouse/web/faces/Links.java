package dev.gatehouse.web.faces;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds query strings for bookmarkable list pages (filters, sorting and paging live in the URL). */
public final class Links {

    private Links() {}

    /** {@code ?a=1&b=x%20y}, leaving out empty values; the map's order is kept. */
    public static String query(Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? "" : "?" + query;
    }
}
