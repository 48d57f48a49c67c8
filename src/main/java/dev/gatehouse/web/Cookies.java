package dev.gatehouse.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Optional;

/**
 * Reads cookies from the raw {@code Cookie} headers and writes {@code Set-Cookie} headers by hand, so odd values
 * are seen as they are rather than dropped by the container's parser, and every attribute is exactly what we mean.
 */
final class Cookies {

    private Cookies() {}

    /** The value sent for cookie {@code name} (the first, if several), possibly empty or malformed. */
    static Optional<String> read(HttpServletRequest request, String name) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers != null && headers.hasMoreElements()) {
            for (String pair : headers.nextElement().split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                    return Optional.of(unquote(pair.substring(equals + 1).trim()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A {@code Set-Cookie} value with {@code Path=/; HttpOnly; SameSite=Lax}, no {@code Domain}, {@code Secure}
     * when asked, and {@code Max-Age} unless {@code maxAgeSeconds} is negative (then it lasts the browser session).
     */
    static String header(String name, String value, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "") + "; Path=/"
                + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Lax";
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
