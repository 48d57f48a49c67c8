package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads and writes the session cookie. The header is written by hand so every attribute is exactly what we
 * mean: {@code HttpOnly; Secure; SameSite=Lax; Path=/}, no {@code Domain}, and a {@code Max-Age}.
 */
@ApplicationScoped
public class SessionCookie {

    private String name;
    private boolean secure;

    protected SessionCookie() {
        // for CDI
    }

    @Inject
    public SessionCookie(GatehouseSettings settings) {
        this.name = settings.cookieName();
        this.secure = settings.cookieSecure();
    }

    public String name() {
        return name;
    }

    /** Whether the cookie is sent only over HTTPS (a setting; required for {@code __Host-} names). */
    public boolean secure() {
        return secure;
    }

    /**
     * The value the browser sent for the session cookie, if it sent one at all (possibly empty or malformed;
     * {@code SessionService} decides). Read from the raw {@code Cookie} headers so that odd values are seen
     * as they are rather than dropped by the container's parser; the first one counts when there are several.
     */
    public Optional<String> read(HttpServletRequest request) {
        return Cookies.read(request, name);
    }

    /** Hands the token to the browser until {@code lifetime} has passed. */
    public void set(HttpServletResponse response, String token, Duration lifetime) {
        response.addHeader("Set-Cookie", header(token, Math.max(0, lifetime.toSeconds())));
    }

    /** Tells the browser to forget the cookie now. */
    public void clear(HttpServletResponse response) {
        response.addHeader("Set-Cookie", header("", 0));
    }

    /** The {@code Set-Cookie} header value; package-private for tests. */
    String header(String value, long maxAgeSeconds) {
        return Cookies.header(name, value, maxAgeSeconds, secure);
    }
}
