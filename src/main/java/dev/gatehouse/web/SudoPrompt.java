package dev.gatehouse.web;

import dev.gatehouse.session.HeldRequests;
import dev.gatehouse.session.ReauthenticationRequiredException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Sudo mode in the browser: a form post refused with {@link ReauthenticationRequiredException} is held (sealed, see
 * {@link HeldRequests}) and the browser is sent to the re-authentication page, which resubmits it once the
 * password (and second factor) have been proved again.
 */
@ApplicationScoped
public class SudoPrompt {

    /** The page that asks for the proofs again; signed-in users only. */
    public static final String PAGE = "/confirm.xhtml";

    public static final String HELD_PARAMETER = "held";

    @Inject
    HeldRequests heldRequests;

    @Inject
    HeldRequestCookie heldCookie;

    @Inject
    PublicOrigin origin;

    /** Holds the refused request (a POST; anything else is not resubmitted) and redirects to the prompt. */
    public void ask(
            HttpServletRequest request, HttpServletResponse response, ReauthenticationRequiredException refused) {
        String target = PAGE;
        String path =
                PublicPaths.pathOf(request) + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String form = formOf(request.getParameterMap());
        // anything but a POST, and forms too large to hold, are not resubmitted: the user repeats them after the prompt
        if ("POST".equals(request.getMethod())
                && form.length() <= HeldRequests.MAX_FORM_LENGTH
                && path.length() <= HeldRequests.MAX_PATH_LENGTH) {
            HeldRequests.Hold hold = heldRequests.hold(refused.sessionId(), path, form);
            heldCookie.set(response, hold.key());
            target = PAGE + "?" + HELD_PARAMETER + "=" + hold.id();
        }
        origin.redirect(request, response, target);
    }

    /** The posted fields, URL-encoded as a browser sends them, without the CSRF token (the resubmission gets anew). */
    static String formOf(Map<String, String[]> parameters) {
        return parameters.entrySet().stream()
                .filter(e -> !e.getKey().equals(CsrfTokens.FIELD))
                .flatMap(e -> Stream.of(e.getValue())
                        .map(value -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }
}
