package dev.gatehouse.web.faces;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a User-Agent header into "Browser on OS" for session lists; unknown parts say so. */
@Named
@ApplicationScoped
public class UserAgents {

    private static final Pattern[] BROWSERS = {
        Pattern.compile("Edg(?:e|A|iOS)?/(\\d+)"),
        Pattern.compile("OPR/(\\d+)"),
        Pattern.compile("Firefox/(\\d+)"),
        Pattern.compile("(?:Chrome|CriOS)/(\\d+)"),
        Pattern.compile("Version/(\\d+)[.\\d]* (?:Mobile/\\S+ )?Safari/"),
        Pattern.compile("(curl|Wget|Java-http-client|python-requests|okhttp)/?([\\d.]*)", Pattern.CASE_INSENSITIVE),
    };
    private static final String[] BROWSER_NAMES = {"Edge", "Opera", "Firefox", "Chrome", "Safari", null};

    /** E.g. {@code Chrome 120 on Windows}; {@code Unknown browser on Unknown OS} for anything unrecognised. */
    public String summarise(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser on Unknown OS";
        }
        return browser(userAgent) + " on " + os(userAgent);
    }

    private static String browser(String ua) {
        for (int i = 0; i < BROWSERS.length; i++) {
            Matcher m = BROWSERS[i].matcher(ua);
            if (m.find()) {
                return BROWSER_NAMES[i] == null ? m.group(1) : BROWSER_NAMES[i] + " " + m.group(1);
            }
        }
        return "Unknown browser";
    }

    private static String os(String ua) {
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("iPhone") || ua.contains("iPad")) {
            return "iOS";
        }
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            return "macOS";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Linux")) {
            return "Linux";
        }
        return "Unknown OS";
    }
}
