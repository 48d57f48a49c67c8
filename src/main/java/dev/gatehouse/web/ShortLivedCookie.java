package dev.gatehouse.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A cookie that carries a browser through one short step (a sign-in's second step, a re-authentication): a random
 * value with the session cookie's attributes and a {@code Max-Age} of the step's lifetime. Never a session.
 */
public abstract class ShortLivedCookie {

    private String name;
    private boolean secure;
    private long lifetimeSeconds;

    protected ShortLivedCookie() {
        // for CDI
    }

    ShortLivedCookie(SessionCookie sessionCookie, String suffix, Duration lifetime) {
        this.name = sessionCookie.name() + suffix;
        this.secure = sessionCookie.secure();
        this.lifetimeSeconds = lifetime.toSeconds();
    }

    public Optional<String> read(HttpServletRequest request) {
        return Cookies.read(request, name);
    }

    public void set(HttpServletResponse response, String value) {
        response.addHeader("Set-Cookie", Cookies.header(name, value, lifetimeSeconds, secure));
    }

    public void clear(HttpServletResponse response) {
        response.addHeader("Set-Cookie", Cookies.header(name, "", 0, secure));
    }
}
