package dev.gatehouse.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides where to send a browser after sign-in. Only paths inside this application qualify; anything that a
 * browser could read as another host or a script ({@code //x}, {@code /\x}, {@code https:}, {@code javascript:},
 * also percent-encoded) is refused, and so is a path with empty or dot segments ({@code /..//x}, {@code /a/./b}),
 * which the server would refuse; the caller falls back to the home page.
 */
public final class ReturnTarget {

    public static final String HOME = "/";
    static final int MAX_LENGTH = 2048;
    private static final int MAX_DECODING_ROUNDS = 3;

    private ReturnTarget() {}

    /** The app-relative path to return to, or empty if {@code raw} is missing or unsafe. */
    public static Optional<String> sanitise(String raw) {
        if (raw == null
                || raw.isEmpty()
                || raw.length() > MAX_LENGTH
                || raw.codePoints().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        String candidate = raw;
        for (int round = 0; round <= MAX_DECODING_ROUNDS; round++) {
            if (!looksLocal(candidate)) {
                return Optional.empty();
            }
            String decoded = decode(candidate);
            if (decoded == null) {
                return Optional.empty();
            }
            if (decoded.equals(candidate)) {
                return isLoginPage(raw) ? Optional.empty() : Optional.of(raw);
            }
            candidate = decoded;
        }
        return Optional.empty();
    }

    /** {@link #sanitise} or the home page. */
    public static String orHome(String raw) {
        return sanitise(raw).orElse(HOME);
    }

    private static boolean looksLocal(String path) {
        if (!path.startsWith("/") || path.startsWith("//")) {
            return false;
        }
        if (path.indexOf('\\') >= 0) {
            return false;
        }
        String pathPart = pathPart(path);
        if (pathPart.contains("//")
                || Arrays.stream(pathPart.split("/")).anyMatch(s -> s.equals(".") || s.equals(".."))) {
            return false; // the server refuses such paths (400); after sign-in that would be a dead end
        }
        return path.codePoints().noneMatch(Character::isISOControl);
    }

    /** The path without query and fragment: what the container would map. */
    private static String pathPart(String target) {
        int end = target.length();
        for (char c : new char[] {'?', '#'}) {
            int at = target.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return target.substring(0, end);
    }

    private static boolean isLoginPage(String path) {
        return path.toLowerCase(Locale.ROOT).startsWith("/login.xhtml");
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ignore) {
            // malformed %-escapes: not a path we produced, so not one we follow
            return null;
        }
    }
}
