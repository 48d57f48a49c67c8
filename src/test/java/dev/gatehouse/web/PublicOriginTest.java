package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicOriginTest {

    @Test
    void aConfiguredOriginIsUsedWhateverHostTheClientSends() {
        PublicOrigin origin = new PublicOrigin(GatehouseSettings.load(
                key -> Optional.ofNullable(Map.of(GatehouseSettings.PUBLIC_ORIGIN, "https://Intranet.Example.com")
                        .get(key))));
        HttpServletRequest forged = request("http", "evil.example");
        Map<String, String> headers = new HashMap<>();

        origin.redirect(forged, response(headers), "/admin/sessions.xhtml?ended=1");

        assertEquals("https://intranet.example.com", origin.of(forged));
        assertEquals("https://intranet.example.com/admin/sessions.xhtml?ended=1", headers.get("Location"));
    }

    @Test
    void withoutConfigurationTheRequestsOwnOriginCounts() {
        PublicOrigin origin = new PublicOrigin(GatehouseSettings.defaults());
        Map<String, String> headers = new HashMap<>();

        origin.redirect(request("http", "127.0.0.1:8080"), response(headers), "/");

        assertEquals("http://127.0.0.1:8080", origin.of(request("http", "127.0.0.1:8080")));
        assertEquals("http://127.0.0.1:8080/", headers.get("Location"));
    }

    private static HttpServletRequest request(String scheme, String host) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                PublicOriginTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getScheme" -> scheme;
                    case "getHeader" -> "Host".equals(args[0]) ? host : null;
                    case "getServerName" -> host;
                    case "getContextPath" -> "";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpServletResponse response(Map<String, String> headers) {
        return (HttpServletResponse) Proxy.newProxyInstance(
                PublicOriginTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
    }
}
