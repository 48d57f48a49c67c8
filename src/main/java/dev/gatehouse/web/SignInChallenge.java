package dev.gatehouse.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a request without a valid session gets when it needs one: pages a redirect to sign in (with
 * {@code return=} for GETs), the JSON API a 401, Faces AJAX a partial-response redirect. Used by the
 * authentication mechanism for container-protected paths and by {@link AuthenticationFilter} for all others.
 */
@ApplicationScoped
public class SignInChallenge {

    /** Query parameter carrying the path to return to after sign-in. */
    public static final String RETURN_PARAMETER = "return";
    /** Query parameter telling the login page why the visitor is there. */
    public static final String REASON_PARAMETER = "reason";
    /** Reason given when the browser presented a session that is no longer valid. */
    public static final String REASON_ENDED = "ended";

    private static final String FACES_REQUEST_HEADER = "Faces-Request";

    @Inject
    PublicOrigin origin;

    /** Answers the request; {@code hadSession}: the browser sent a session cookie that is no longer valid. */
    public void send(HttpServletRequest request, HttpServletResponse response, boolean hadSession) throws IOException {
        String path = PublicPaths.pathOf(request);
        response.setHeader("Cache-Control", "no-store");
        if (PublicPaths.isApi(path)) {
            ApiErrors.send(
                    response, HttpServletResponse.SC_UNAUTHORIZED, "unauthenticated", "Sign in to use this API.");
            return;
        }
        String login = PublicPaths.LOGIN_PAGE + loginQuery(request, path, hadSession);
        if ("partial/ajax".equals(request.getHeader(FACES_REQUEST_HEADER))) {
            // Faces AJAX cannot follow a 302; a partial-response redirect makes the page navigate instead.
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter()
                    .write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                            + (request.getContextPath() + login).replace("&", "&amp;") + "\"/></partial-response>");
            return;
        }
        origin.redirect(request, response, login);
    }

    private static String loginQuery(HttpServletRequest request, String path, boolean hadSession) {
        StringBuilder query = new StringBuilder();
        if ("GET".equals(request.getMethod())) {
            String target = request.getQueryString() == null ? path : path + "?" + request.getQueryString();
            ReturnTarget.sanitise(target)
                    .filter(t -> !t.equals(ReturnTarget.HOME))
                    .ifPresent(t -> query.append(RETURN_PARAMETER)
                            .append('=')
                            .append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
        }
        if (hadSession) {
            query.append(query.length() > 0 ? "&" : "")
                    .append(REASON_PARAMETER)
                    .append('=')
                    .append(REASON_ENDED);
        }
        return query.length() > 0 ? "?" + query : "";
    }
}
