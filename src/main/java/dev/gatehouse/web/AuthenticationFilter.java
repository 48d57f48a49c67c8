package dev.gatehouse.web;

import dev.gatehouse.metrics.GatehouseMetrics;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.Role;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks every non-public request against its server-side session. Valid: the request goes on as that user.
 * Otherwise the cookie is cleared and pages are sent to sign in, while API and Faces AJAX calls get a 401.
 * {@code /admin/} needs the admin role: other signed-in users get 403 for any method.
 * Mapped first in {@code web.xml}, so nothing runs before it.
 */
@WebFilter(filterName = "AuthenticationFilter", asyncSupported = true)
public class AuthenticationFilter extends HttpFilter {

    /** Query parameter carrying the path to return to after sign-in. */
    public static final String RETURN_PARAMETER = "return";
    /** Query parameter telling the login page why the visitor is there. */
    public static final String REASON_PARAMETER = "reason";
    /** Reason given when the browser presented a session that is no longer valid. */
    public static final String REASON_ENDED = "ended";

    private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());
    private static final String FACES_REQUEST_HEADER = "Faces-Request";

    @Inject
    SessionService sessions;

    @Inject
    SessionCookie cookie;

    @Inject
    PublicPaths publicPaths;

    @Inject
    GatehouseMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = PublicPaths.pathOf(request);
        if (publicPaths.isPublic(path)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> token = cookie.read(request);
        Optional<ValidSession> session;
        long started = System.nanoTime();
        try {
            session = token.flatMap(sessions::validate);
            metrics.validated(Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException databaseAway) {
            // the outage grace: sessions this node validated shortly before keep working; anything else waits
            session = token.flatMap(sessions::validateDuringOutage);
            LOG.log(Level.WARNING, "Session database unavailable ({0}); {1}", databaseAway.toString(),
                    session.isPresent() ? "serving a recently validated session" : "answering 503");
            if (session.isEmpty()) {
                response.setHeader("Retry-After", "5");
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
        }
        if (session.isPresent()) {
            request.setAttribute(CurrentUser.REQUEST_ATTRIBUTE, session.get());
            response.setHeader("Cache-Control", "no-store");
            if (isAdminPath(path) && !session.get().hasRole(Role.ADMIN)) {
                // after the attribute is set, so the 403 page still shows the signed-in layout
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            chain.doFilter(new AuthenticatedRequest(request, session.get()), response);
            return;
        }
        if (token.isPresent()) {
            cookie.clear(response);
        }
        reject(request, response, path, token.isPresent());
    }

    /** Everything under {@code /admin/} needs the admin role, whatever the method. */
    static boolean isAdminPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, String path,
            boolean hadSession) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (PublicPaths.isApi(path)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"unauthenticated\",\"message\":\"Sign in to use this API.\"}");
            return;
        }
        String login = request.getContextPath() + PublicPaths.LOGIN_PAGE + loginQuery(request, path, hadSession);
        if ("partial/ajax".equals(request.getHeader(FACES_REQUEST_HEADER))) {
            // Faces AJAX cannot follow a 302; a partial-response redirect makes the page navigate instead.
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + login.replace("&", "&amp;") + "\"/></partial-response>");
            return;
        }
        response.sendRedirect(login);
    }

    private static String loginQuery(HttpServletRequest request, String path, boolean hadSession) {
        StringBuilder query = new StringBuilder();
        if ("GET".equals(request.getMethod())) {
            String target = request.getQueryString() == null ? path : path + "?" + request.getQueryString();
            ReturnTarget.sanitise(target).filter(t -> !t.equals(ReturnTarget.HOME)).ifPresent(t ->
                    query.append(RETURN_PARAMETER).append('=').append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
        }
        if (hadSession) {
            query.append(query.length() > 0 ? "&" : "").append(REASON_PARAMETER).append('=').append(REASON_ENDED);
        }
        return query.length() > 0 ? "?" + query : "";
    }
}
