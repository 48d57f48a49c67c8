package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery defence, in three layers, so that no single one has to be right:
 * <ol>
 * <li>Faces postbacks only by POST: a GET or HEAD carrying {@code jakarta.faces.*} parameters or a form token
 * gets 400 (with stateless views Faces would otherwise run a GET with a view state as a postback).</li>
 * <li>Fetch Metadata and Origin: an unsafe request that a browser marks {@code Sec-Fetch-Site: cross-site}, or
 * {@code same-site} from another origin, or whose {@code Origin} (failing that {@code Referer}) is another
 * origin, gets 403.</li>
 * <li>Synchronizer token ({@link CsrfProtection}): every POST to a page must carry its form token; other unsafe
 * requests need the token or a same-origin {@code Origin} / {@code Sec-Fetch-Site}. Otherwise 403.</li>
 * </ol>
 */
@WebFilter(filterName = "CsrfFilter", asyncSupported = true)
public class CsrfFilter extends HttpFilter {

    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private static final ExpectedFailureLog LOG = new ExpectedFailureLog(CsrfFilter.class, Level.WARNING);
    private static final String FACES_VIEW_SUFFIX = ".xhtml";

    @Inject
    CsrfProtection protection;

    @Inject
    PublicOrigin publicOrigin;

    @Inject
    GatehouseSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = PublicPaths.pathOf(request);
        if (SAFE_METHODS.contains(request.getMethod())) {
            if (carriesPostbackParameter(request)) {
                refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "a postback parameter on a safe method");
                return;
            }
            if (isPage(path)) {
                protection.issuePresessionSecret(request, response);
            }
            chain.doFilter(request, response);
            return;
        }
        Optional<String> crossSite = crossSiteReason(request);
        if (crossSite.isPresent()) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, crossSite.get());
            return;
        }
        boolean tokenValid = protection.isValid(request, presentedToken(request));
        if (!tokenValid && (isPage(path) || !claimsSameOrigin(request))) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "a missing or wrong form token");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Views and the welcome path: where Faces forms post to. */
    static boolean isPage(String path) {
        return path.endsWith(FACES_VIEW_SUFFIX) || path.endsWith("/");
    }

    /** Any parameter Faces would read as a postback, or a form token, in the query of a GET or HEAD. */
    static boolean carriesPostbackParameter(HttpServletRequest request) {
        for (String name : Collections.list(request.getParameterNames())) {
            if (name.startsWith("jakarta.faces.") || name.startsWith("javax.faces.") || name.equals(CsrfTokens.FIELD)) {
                return true;
            }
        }
        return false;
    }

    private static String presentedToken(HttpServletRequest request) {
        String header = request.getHeader(CsrfTokens.HEADER);
        return header != null ? header : request.getParameter(CsrfTokens.FIELD);
    }

    /** Why the browser's own headers say this request comes from another site, if they do. */
    private Optional<String> crossSiteReason(HttpServletRequest request) {
        String fetchSite = Optional.ofNullable(request.getHeader("Sec-Fetch-Site"))
                .orElse("")
                .toLowerCase(Locale.ROOT);
        String origin = request.getHeader("Origin");
        if (fetchSite.equals("cross-site")) {
            return Optional.of("Sec-Fetch-Site: cross-site");
        }
        if (fetchSite.equals("same-site") && (origin == null || !isOurs(request, origin))) {
            return Optional.of("Sec-Fetch-Site: same-site from another origin");
        }
        if (origin != null) {
            return isOurs(request, origin) ? Optional.empty() : Optional.of("Origin of another site");
        }
        String referer = request.getHeader("Referer");
        if (referer != null && !isOurs(request, originOf(referer))) {
            return Optional.of("Referer of another site");
        }
        return Optional.empty();
    }

    private boolean claimsSameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        return "same-origin".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))
                || (origin != null && isOurs(request, origin));
    }

    private boolean isOurs(HttpServletRequest request, String origin) {
        String claimed = origin.toLowerCase(Locale.ROOT);
        return claimed.equals(publicOrigin.of(request))
                || settings.allowedOrigins().stream()
                        .anyMatch(allowed -> allowed.toLowerCase(Locale.ROOT).equals(claimed));
    }

    /** {@code scheme://host[:port]} of a URL, or a value that matches no origin if it is not one. */
    private static String originOf(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return "invalid:";
            }
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (Exception ignore) {
            // an unparseable Referer is not evidence of a same-origin request
            return "invalid:";
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String why)
            throws IOException {
        LOG.log("Refused a {0} to {1}: {2}", request.getMethod(), PublicPaths.pathOf(request), why);
        response.setHeader("Cache-Control", "no-store");
        response.sendError(status);
    }
}
