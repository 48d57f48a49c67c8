package dev.gatehouse.session;

/** Where a sign-in came from, as recorded on the session: the client IP and a truncated user agent. */
public record ClientInfo(String ip, String userAgent) {

    public static final int MAX_USER_AGENT_LENGTH = 200;
    public static final int MAX_IP_LENGTH = 45;

    public ClientInfo {
        ip = printable(ip, MAX_IP_LENGTH);
        userAgent = printable(userAgent, MAX_USER_AGENT_LENGTH);
    }

    /** {@code value} without control characters, cut to {@code max} characters; null stays null. */
    public static String printable(String value, int max) {
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
