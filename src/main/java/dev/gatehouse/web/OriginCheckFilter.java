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
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery defence in depth (besides {@code SameSite=Lax} and Faces view state): a
 * state-changing request whose {@code Origin}, or failing that {@code Referer}, names another site gets 403.
 * Requests with neither header (non-browser clients) pass; browsers always send {@code Origin} on POST.
 */
@WebFilter(filterName = "OriginCheckFilter", asyncSupported = true)
public class OriginCheckFilter extends HttpFilter {

    private static final System.Logger LOG = System.getLogger(OriginCheckFilter.class.getName());
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Inject
    GatehouseSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!SAFE_METHODS.contains(request.getMethod()) && !isSameOrigin(request)) {
            LOG.log(Level.WARNING, "Refused a cross-origin {0} to {1} (Origin: {2}, Referer host: {3})",
                    request.getMethod(), request.getRequestURI(), request.getHeader("Origin"),
                    hostOf(request.getHeader("Referer")));
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isSameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            String referer = request.getHeader("Referer");
            if (referer == null) {
                return true;
            }
            origin = originOf(referer);
        }
        String claimed = origin.toLowerCase(Locale.ROOT);
        return claimed.equals(ownOrigin(request)) || settings.allowedOrigins().stream()
                .anyMatch(allowed -> allowed.toLowerCase(Locale.ROOT).equals(claimed));
    }

    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return (request.getScheme() + "://" + (host == null ? request.getServerName() : host)).toLowerCase(Locale.ROOT);
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

    private static String hostOf(String url) {
        return url == null ? null : originOf(url);
    }
}
