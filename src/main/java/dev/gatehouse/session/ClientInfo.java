package dev.gatehouse.session;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.security.PrintableText;

/** Where a sign-in came from, as recorded on the session: the client IP and a truncated user agent. */
public record ClientInfo(String ip, String userAgent) {

    public static final int MAX_USER_AGENT_LENGTH = 200;

    public ClientInfo {
        ip = PrintableText.clip(ip, GatehouseSettings.MAX_IP_LENGTH);
        userAgent = PrintableText.clip(userAgent, MAX_USER_AGENT_LENGTH);
    }
}
