package dev.gatehouse.web;

import dev.gatehouse.factor.PasskeyChallenges;
import dev.gatehouse.security.OpaqueTokens;
import dev.gatehouse.session.SessionToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * Which form token a request's forms carry and whether a posted one is right. A signed-in caller's token is bound
 * to the session cookie; before sign-in (the sign-in form) it is bound to a random pre-session cookie
 * ({@code <session cookie name>-csrf}), which {@link CsrfFilter} hands out with the first page.
 */
@ApplicationScoped
public class CsrfProtection {

    /** Request attribute holding a pre-session secret issued on this very response. */
    private static final String ISSUED = CsrfProtection.class.getName() + ".issued";

    private static final String ROTATED = CsrfProtection.class.getName() + ".rotated";

    private SessionCookie sessionCookie;
    private String presessionName;

    protected CsrfProtection() {
        // for CDI
    }

    @Inject
    public CsrfProtection(SessionCookie sessionCookie) {
        this.sessionCookie = sessionCookie;
        this.presessionName = sessionCookie.name() + "-csrf";
    }

    /**
     * The token this request's forms must carry; empty (a form that cannot be posted) on the odd request that has
     * neither a session nor a pre-session cookie, since {@link CsrfFilter} issues one with every page.
     */
    public String tokenFor(HttpServletRequest request) {
        return sessionSecret(request)
                .or(() -> presessionSecret(request))
                .map(CsrfTokens::boundTo)
                .orElse("");
    }

    /**
     * Whether {@code presented} is this request's token: bound to the session when the caller is signed in
     * (a pre-session token, not bound to anything secret to the session, is then not enough), else to the
     * pre-session cookie.
     */
    public boolean isValid(HttpServletRequest request, String presented) {
        Optional<String> secret =
                request.getUserPrincipal() != null ? sessionSecret(request) : presessionSecret(request);
        return secret.filter(s -> CsrfTokens.matches(presented, s)).isPresent();
    }

    /**
     * The session token was rotated during this request (e.g. by a password change): forms rendered in the
     * response must carry the new session's token, not the one of the cookie the request came with.
     */
    public void sessionRotated(HttpServletRequest request, String newToken) {
        request.setAttribute(ROTATED, newToken);
    }

    /** Gives the browser a pre-session cookie if it has none, so a form rendered now has a token. */
    public void issuePresessionSecret(HttpServletRequest request, HttpServletResponse response) {
        if (Cookies.read(request, presessionName)
                .filter(SessionToken::isWellFormed)
                .isEmpty()) {
            String secret = SessionToken.generate();
            request.setAttribute(ISSUED, secret);
            response.addHeader("Set-Cookie", Cookies.header(presessionName, secret, -1, sessionCookie.secure()));
        }
    }

    /**
     * What a challenge issued to this anonymous browser is bound to: a digest of its pre-session secret, which only
     * this browser sends (empty when it has none yet).
     */
    public Optional<String> browserBinding(HttpServletRequest request) {
        return presessionSecret(request).map(secret -> PasskeyChallenges.browserBinding(OpaqueTokens.digest(secret)));
    }

    /** The session token, only when the container has a caller for it (validated this request). */
    private Optional<String> sessionSecret(HttpServletRequest request) {
        if (request.getUserPrincipal() == null) {
            return Optional.empty();
        }
        Object rotated = request.getAttribute(ROTATED);
        return rotated != null
                ? Optional.of((String) rotated)
                : sessionCookie.read(request).filter(SessionToken::isWellFormed);
    }

    private Optional<String> presessionSecret(HttpServletRequest request) {
        Object issued = request.getAttribute(ISSUED);
        return issued != null
                ? Optional.of((String) issued)
                : Cookies.read(request, presessionName).filter(SessionToken::isWellFormed);
    }
}
