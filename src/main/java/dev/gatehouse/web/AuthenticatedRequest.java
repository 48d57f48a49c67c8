package dev.gatehouse.web;

import dev.gatehouse.session.ValidSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** The request as the application sees it once the session is valid: the standard security methods answer. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    static final String AUTH_TYPE = "GATEHOUSE_SESSION";

    private final ValidSession session;
    private final Principal principal;

    AuthenticatedRequest(HttpServletRequest request, ValidSession session) {
        super(request);
        this.session = session;
        String username = session.username();
        this.principal = () -> username;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return session.username();
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && session.roles().stream().anyMatch(r -> r.roleName().equals(role));
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
