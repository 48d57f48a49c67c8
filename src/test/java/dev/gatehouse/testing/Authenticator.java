package dev.gatehouse.testing;

import dev.gatehouse.factor.Base32;
import dev.gatehouse.factor.Totp;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test's authenticator app: the secret read off an enrolment page, and the codes it shows at a given time. */
public final class Authenticator {

    private static final Pattern SECRET = Pattern.compile("<code id=\"secret\" class=\"secret\">([A-Z2-7 ]+)</code>");

    private final byte[] secret;
    private final String text;

    private Authenticator(String text) {
        this.text = text.replace(" ", "");
        this.secret = Base32.decode(this.text).orElseThrow(() -> new AssertionError("Not base 32: " + text));
    }

    /** The secret an enrolment page shows as text (what a user types into an app that cannot scan). */
    public static Authenticator fromPage(String html) {
        Matcher m = SECRET.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No authenticator secret on the page:\n" + html);
        }
        return new Authenticator(m.group(1));
    }

    /** The code the app shows at {@code at} (the server's clock, for the server's step). */
    public String codeAt(Instant at) {
        return Totp.code(secret, Totp.step(at));
    }

    /** The code {@code steps} time steps away from {@code at}'s. */
    public String codeAt(Instant at, int steps) {
        return Totp.code(secret, Totp.step(at) + steps);
    }

    /** The secret in base 32, as shown. */
    public String base32() {
        return text;
    }
}
