package dev.gatehouse.web;

import dev.gatehouse.config.Cidr;
import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The client's IP address as the rate limit, the audit trail and the session list see it: the connection's peer,
 * unless that peer is a trusted proxy ({@code gatehouse.trusted-proxies}); then the nearest address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy. Untrusted peers cannot choose their address by
 * sending that header.
 */
@ApplicationScoped
public class ClientAddress {

    private List<Cidr> trustedProxies = List.of();

    protected ClientAddress() {
        // for CDI
    }

    @Inject
    public ClientAddress(GatehouseSettings settings) {
        this.trustedProxies = settings.trustedProxies();
    }

    /** The client's address for this request. */
    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trustedProxies.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> chain = forwardedChain(request);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = Cidr.literal(chain.get(i));
            if (hop.isEmpty()) {
                return peer; // garbage in the chain: trust nothing a proxy did not vouch for
            }
            if (!isTrusted(hop.get())) {
                return hop.get().getHostAddress();
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        return Cidr.literal(address).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(network -> network.contains(address));
    }

    /**
     * The addresses in {@code X-Forwarded-For}, leftmost first. Only this header is read: proxies append to it,
     * and reading a second one ({@code Forwarded}) as well would let a client that sends it choose its address
     * behind a proxy that only appends to the first.
     */
    private static List<String> forwardedChain(HttpServletRequest request) {
        List<String> chain = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String hop : header.split(",")) {
                chain.add(withoutPort(hop.strip()));
            }
        }
        return chain;
    }

    /**
     * The key the sign-in rate limit counts by: the address itself for IPv4, its /64 network for IPv6 (one
     * subscriber's allocation, in which a client can pick any address).
     */
    public static String rateLimitKeyOf(String address) {
        return Cidr.literal(address)
                .filter(a -> a.getAddress().length == 16)
                .map(a -> {
                    byte[] bytes = a.getAddress();
                    StringBuilder key = new StringBuilder();
                    for (int i = 0; i < 8; i += 2) {
                        key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
                                .append(':');
                    }
                    return key.append(":/64").toString();
                })
                .orElse(address);
    }

    /** {@code [2001:db8::1]:4711} → {@code [2001:db8::1]}, {@code 192.0.2.1:4711} → {@code 192.0.2.1}. */
    private static String withoutPort(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return end > 0 ? node.substring(0, end + 1) : node;
        }
        int colon = node.indexOf(':');
        return colon > 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }
}
