package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static ClientAddress trusting(String proxies) {
        return new ClientAddress(GatehouseSettings.load(key -> Optional.ofNullable(
                Map.of(GatehouseSettings.TRUSTED_PROXIES, proxies).get(key))));
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        ClientAddress none = new ClientAddress(GatehouseSettings.defaults());
        ClientAddress other = trusting("10.0.0.0/8");

        assertEquals("192.0.2.7", none.of(request("192.0.2.7", Map.of("X-Forwarded-For", "203.0.113.9"))));
        assertEquals("192.0.2.7", other.of(request("192.0.2.7", Map.of("X-Forwarded-For", "203.0.113.9"))));
    }

    @Test
    void aTrustedProxyNamesTheNearestUntrustedAddress() {
        ClientAddress proxies = trusting("10.0.0.0/8, 127.0.0.1");

        assertEquals("203.0.113.9", proxies.of(request("10.1.2.3", Map.of("X-Forwarded-For", "203.0.113.9"))));
        assertEquals(
                "203.0.113.9",
                proxies.of(request("127.0.0.1", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.9.9.9"))),
                "the client chose the first hop");
        assertEquals(
                "203.0.113.9",
                proxies.of(request("10.1.2.3", Map.of("X-Forwarded-For", "203.0.113.9:4711"))),
                "a port some load balancers add is not part of the address");
        assertEquals(
                "2001:db8:0:0:0:0:0:1", proxies.of(request("10.1.2.3", Map.of("X-Forwarded-For", "[2001:db8::1]:80"))));
    }

    @Test
    void aForwardedHeaderTheClientSentThroughAnAppendingProxyIsNotBelieved() {
        ClientAddress proxies = trusting("10.0.0.0/8");

        assertEquals(
                "203.0.113.9",
                proxies.of(request(
                        "10.1.2.3", Map.of("X-Forwarded-For", "203.0.113.9", "Forwarded", "for=198.51.100.66"))));
    }

    @Test
    void hostNamesMadeOfHexDigitsAreNeverLookedUp() {
        ClientAddress proxies = trusting("10.0.0.0/8");

        for (String hostName : List.of("dead.beef.de", "1.ab.de", "cafe", "ab.cd.ef.01")) {
            assertEquals("10.1.2.3", proxies.of(request("10.1.2.3", Map.of("X-Forwarded-For", hostName))), hostName);
        }
    }

    @Test
    void ipv6ClientsAreRateLimitedByTheirSlash64() {
        assertEquals(
                ClientAddress.rateLimitKeyOf("2001:db8:1:2:aaaa::1"),
                ClientAddress.rateLimitKeyOf("2001:db8:1:2:bbbb::9"));
        assertEquals("2001:db8:1:2::/64", ClientAddress.rateLimitKeyOf("2001:db8:1:2:aaaa::1"));
        assertEquals("192.0.2.7", ClientAddress.rateLimitKeyOf("192.0.2.7"));
    }

    @Test
    void garbageInTheChainFallsBackToThePeer() {
        ClientAddress proxies = trusting("10.0.0.0/8");

        for (String garbage : List.of("evil.example", "' OR 1=1 --", "", "unknown", "1.2.3.4.5")) {
            assertEquals("10.1.2.3", proxies.of(request("10.1.2.3", Map.of("X-Forwarded-For", garbage))), garbage);
        }
        assertEquals("10.1.2.3", proxies.of(request("10.1.2.3", Map.of())), "no header");
    }

    private static HttpServletRequest request(String peer, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                ClientAddressTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" ->
                        Collections.enumeration(
                                headers.containsKey((String) args[0])
                                        ? List.of(headers.get((String) args[0]))
                                        : List.of());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
