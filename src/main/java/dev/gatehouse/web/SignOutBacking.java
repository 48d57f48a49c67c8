package dev.gatehouse.web;

import dev.gatehouse.session.SessionService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Backs the sign-out button of the page template (a POST): ends the session and shows the login page. */
@Named
@RequestScoped
public class SignOutBacking {

    @Inject
    SessionService sessions;

    @Inject
    SessionCookie cookie;

    @Inject
    CurrentUser currentUser;

    /** Deletes the session row, clears the cookie and asks the browser to drop this site's cookies and cache. */
    public String signOut() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        cookie.read(request).ifPresent(token -> sessions.signOut(currentUser.getSession(), token, request.getRemoteAddr()));
        cookie.clear(response);
        // "cache" also evicts this site's pages from the back/forward cache, so Back cannot show them again
        response.setHeader("Clear-Site-Data", "\"cache\", \"cookies\"");
        external.redirect(external.getRequestContextPath() + PublicPaths.LOGIN_PAGE + "?"
                + AuthenticationFilter.REASON_PARAMETER + "=" + LoginBacking.REASON_SIGNED_OUT);
        return null;
    }
}
