package dev.gatehouse.web;

import dev.gatehouse.security.Roles;
import dev.gatehouse.session.SecondFactorPolicy;
import dev.gatehouse.session.ValidSession;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Enforces what {@link SessionAuthenticationMechanism} told the container: a non-public path needs a signed-in
 * caller ({@code getUserPrincipal()}), otherwise {@link SignInChallenge} answers; {@code /admin/} also needs the
 * admin role ({@code isUserInRole}), otherwise 403 for any method. Decides on the container's mapped path only.
 * {@code web.xml} constrains {@code /admin/*} as well, and every admin service checks the role again itself. A
 * session whose role requires a second factor it has not proved (the role was granted after sign-in, or the session
 * predates the policy) is sent to enrolment whatever it asks for; sudo-mode services refuse it too.
 */
@WebFilter(filterName = "AuthenticationFilter", asyncSupported = true)
public class AuthenticationFilter extends HttpFilter {

    @Inject
    PublicPaths publicPaths;

    @Inject
    SignInChallenge challenge;

    @Inject
    SecondFactorPolicy policy;

    @Inject
    PublicOrigin origin;

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
        if (!ENROLMENT_PATHS.contains(path) && heldToEnrolment(request)) {
            // the role requires a second factor this session has not proved: enrol first, nothing else
            if (PublicPaths.isApi(path)) {
                ApiErrors.send(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "second_factor_required",
                        "Your role requires two-step sign-in: set it up in the browser first.");
            } else {
                ValidSession session = (ValidSession) request.getAttribute(CurrentUser.REQUEST_ATTRIBUTE);
                origin.redirect(
                        request,
                        response,
                        (policy.requiresPasskey(session.roles()) ? PASSKEY_ENROLMENT_PAGE : ENROLMENT_PAGE)
                                + "?notice=required");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** The pages a session held to enrolment may use: enrolment itself and the sudo prompt it may need. */
    static final String ENROLMENT_PAGE = "/account/two-factor.xhtml";

    /** Where a session goes whose role accepts only a passkey. */
    static final String PASSKEY_ENROLMENT_PAGE = "/account/passkeys.xhtml";

    private static final Set<String> ENROLMENT_PATHS = Set.of(ENROLMENT_PAGE, PASSKEY_ENROLMENT_PAGE, SudoPrompt.PAGE);

    private boolean heldToEnrolment(HttpServletRequest request) {
        return request.getAttribute(CurrentUser.REQUEST_ATTRIBUTE) instanceof ValidSession session
                && policy.heldToEnrolment(session);
    }

    /** Everything under {@code /admin/} needs the admin role, whatever the method. */
    static boolean isAdminPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }
}
