package dev.gatehouse.security;

/**
 * Text from outside (a user agent, a typed name) made safe to store and show: no control characters, so it
 * cannot forge lines in a log or a page, and no longer than its column.
 */
public final class PrintableText {

    private PrintableText() {}

    /** {@code value} without control characters, cut to {@code max} characters; null stays null. */
    public static String clip(String value, int max) {
        if (value == null) {
            return null;
        }
        String printable = value.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= max ? printable : printable.substring(0, max);
    }
}
