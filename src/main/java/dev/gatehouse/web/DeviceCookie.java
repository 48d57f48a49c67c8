package dev.gatehouse.web;

import dev.gatehouse.user.TrustedDevice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * The device cookie ({@code <session cookie name>-device}): marks a browser its user signed in from, so that
 * guesses from elsewhere that lock the account do not lock the user out of it. Same attributes as the session
 * cookie; it outlives sessions ({@link TrustedDevice#LIFETIME}) and carries nothing but a random token.
 */
@ApplicationScoped
public class DeviceCookie {

    private String name;
    private boolean secure;

    protected DeviceCookie() {
        // for CDI
    }

    @Inject
    public DeviceCookie(SessionCookie sessionCookie) {
        this.name = sessionCookie.name() + "-device";
        this.secure = sessionCookie.secure();
    }

    public Optional<String> read(HttpServletRequest request) {
        return Cookies.read(request, name);
    }

    public void set(HttpServletResponse response, String token) {
        response.addHeader("Set-Cookie", Cookies.header(name, token, TrustedDevice.LIFETIME.toSeconds(), secure));
    }
}
