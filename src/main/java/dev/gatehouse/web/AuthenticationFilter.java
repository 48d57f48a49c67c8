package dev.gatehouse.web;

import dev.gatehouse.security.Roles;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Enforces what {@link SessionAuthenticationMechanism} told the container: a non-public path needs a signed-in
 * caller ({@code getUserPrincipal()}), otherwise {@link SignInChallenge} answers; {@code /admin/} also needs the
 * admin role ({@code isUserInRole}), otherwise 403 for any method. Decides on the container's mapped path only.
 * {@code web.xml} constrains {@code /admin/*} as well, and every admin service checks the role again itself.
 */
@WebFilter(filterName = "AuthenticationFilter", asyncSupported = true)
public class AuthenticationFilter extends HttpFilter {

    @Inject
    PublicPaths publicPaths;

    @Inject
    SignInChallenge challenge;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = PublicPaths.pathOf(request);
        if (publicPaths.isPublic(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getUserPrincipal() == null) {
            if (request.getAttribute(SessionAuthenticationMechanism.DATABASE_UNAVAILABLE) != null) {
                response.setHeader(RetryAfter.HEADER, RetryAfter.DATABASE_UNAVAILABLE_SECONDS);
                if (PublicPaths.isApi(path)) {
                    ApiErrors.send(
                            response,
                            HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                            "unavailable",
                            "The session database is unavailable; try again shortly.");
                } else {
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                }
                return;
            }
            challenge.send(
                    request, response, request.getAttribute(SessionAuthenticationMechanism.SESSION_ENDED) != null);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        if (isAdminPath(path) && !request.isUserInRole(Roles.ADMIN)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Everything under {@code /admin/} needs the admin role, whatever the method. */
    static boolean isAdminPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }
}
