package dev.gatehouse.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex digits, colons and (for an embedded IPv4 tail) dots, with at least one colon: never a host name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2," + GatehouseSettings.MAX_IP_LENGTH + "}");

    /** Parses {@code text}; empty if it is not a network or address literal (never a DNS look-up). */
    public static Optional<Cidr> parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        Optional<InetAddress> address = literal(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}") || Integer.parseInt(parts[1]) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(parts[1]);
        }
        return Optional.of(new Cidr(bytes, prefix));
    }

    /** An IP address literal, or empty: anything else (a host name, garbage) is refused without resolving it. */
    public static Optional<InetAddress> literal(String text) {
        String candidate = text == null ? "" : text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        boolean ipv4 = IPV4.matcher(candidate).matches();
        boolean ipv6 = candidate.contains(":") && IPV6.matcher(candidate).matches();
        if (!ipv4 && !ipv6) {
            return Optional.empty(); // e.g. "dead.beef.de" is made of hex digits but is a host name: no look-up
        }
        try {
            return Optional.of(InetAddress.getByName(candidate)); // a literal: no look-up happens
        } catch (UnknownHostException | SecurityException ignore) {
            // not a well-formed literal
            return Optional.empty();
        }
    }

    /** Whether {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
