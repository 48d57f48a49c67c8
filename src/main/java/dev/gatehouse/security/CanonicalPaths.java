package dev.gatehouse.security;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides whether a raw request path is already canonical, the way Spring Security's {@code StrictHttpFirewall}
 * does: a path that the container would have to decode or normalise before mapping it could be read two ways, so
 * it is refused instead of being interpreted. Nothing here trusts the path for authorisation; it only makes sure
 * that the raw path and the container's mapped path are the same string.
 */
public final class CanonicalPaths {

    private CanonicalPaths() {}

    /**
     * Why {@code rawPath} (a request URI without the query) is not canonical, or empty if it is. Refused: anything
     * not starting with {@code /}; {@code //}; {@code .} and {@code ..} segments; {@code ;} (path parameters);
     * {@code \}; control, space and non-ASCII characters; encoded {@code . / \ ; %} and control characters;
     * encoded unreserved characters ({@code %61} for {@code a}: RFC 3986 says never to encode them); malformed
     * escapes and escapes that do not decode to UTF-8.
     */
    public static Optional<String> problem(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.of("does not start with '/'");
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return Optional.of("has a control, space or non-ASCII character");
            }
            if (c == ';' || c == '\\') {
                return Optional.of("has '" + c + "'");
            }
            if (c == '%') {
                int value = i + 2 < rawPath.length() ? hexByte(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
                if (value < 0) {
                    return Optional.of("has a malformed percent-escape");
                }
                if (value < 0x20 || value == 0x7F || ".%/\\;".indexOf(value) >= 0) {
                    return Optional.of("encodes a character that changes how the path is read");
                }
                if (isUnreserved(value)) {
                    return Optional.of("encodes a character that is never encoded in a canonical path");
                }
                decoded.write(value);
                i += 2;
            } else {
                decoded.write(c);
            }
        }
        if (!isUtf8(decoded.toByteArray())) {
            return Optional.of("has escapes that are not UTF-8");
        }
        if (rawPath.contains("//")) {
            return Optional.of("has an empty segment ('//')");
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("has a dot segment");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code rawPath} is canonical: see {@link #problem}. */
    public static boolean isCanonical(String rawPath) {
        return problem(rawPath).isEmpty();
    }

    /** RFC 3986 section 2.3: letters, digits, {@code - . _ ~}. */
    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
    }

    private static int hexByte(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException ignore) {
            // not UTF-8: the caller reports the path as not canonical
            return false;
        }
    }
}
