package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void cookieCarriesEveryProtectiveAttributeAndNoDomain() {
        String header = new SessionCookie(GatehouseSettings.defaults()).header("tok", 3600);

        assertTrue(header.startsWith("__Host-gatehouse=tok; "), header);
        assertTrue(header.contains("; Max-Age=3600"), header);
        assertTrue(header.contains("; Path=/;"), header);
        assertTrue(header.contains("; Secure"), header);
        assertTrue(header.contains("; HttpOnly"), header);
        assertTrue(header.endsWith("; SameSite=Lax"), header);
        assertFalse(header.toLowerCase().contains("domain"), header);
    }

    @Test
    void clearingSetsMaxAgeZeroAndAnEmptyValue() {
        String header = new SessionCookie(GatehouseSettings.defaults()).header("", 0);

        assertTrue(header.startsWith("__Host-gatehouse=; Max-Age=0;"), header);
    }

    @Test
    void plainHttpDevelopmentCookieDropsSecureOnlyWhenConfigured() {
        var settings = GatehouseSettings.load(key -> Optional.ofNullable(Map.of(
                        GatehouseSettings.COOKIE_NAME, "gatehouse",
                        GatehouseSettings.COOKIE_SECURE, "false")
                .get(key)));

        String header = new SessionCookie(settings).header("tok", 60);

        assertEquals("gatehouse=tok; Max-Age=60; Path=/; HttpOnly; SameSite=Lax", header);
    }

    @Test
    void readsTheSessionCookieAmongOthersAndKeepsOddValuesForValidation() {
        SessionCookie cookie = new SessionCookie(GatehouseSettings.defaults());

        assertEquals(Optional.of("abc"), cookie.read(requestWithCookies("theme=dark; __Host-gatehouse=abc; lang=en")));
        assertEquals(Optional.of(""), cookie.read(requestWithCookies("__Host-gatehouse=")));
        assertEquals(
                Optional.of("first"),
                cookie.read(requestWithCookies("__Host-gatehouse=first", "__Host-gatehouse=second")));
        assertEquals(Optional.of("quoted"), cookie.read(requestWithCookies("__Host-gatehouse=\"quoted\"")));
        assertEquals(Optional.of("caf\u00e9"), cookie.read(requestWithCookies("__Host-gatehouse=caf\u00e9")));
        assertEquals(Optional.empty(), cookie.read(requestWithCookies("gatehouse=abc; __Host-gatehousex=abc")));
        assertEquals(Optional.empty(), cookie.read(requestWithCookies()));
    }

    /** A request that only answers {@code getHeaders("Cookie")}. */
    private static HttpServletRequest requestWithCookies(String... cookieHeaders) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                SessionCookieTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getHeaders") && "Cookie".equals(args[0])) {
                        return Collections.enumeration(List.of(cookieHeaders));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
