package dev.gatehouse.login;

import dev.gatehouse.session.SessionService;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.PublicPaths;
import dev.gatehouse.web.SessionCookie;
import dev.gatehouse.web.SignInChallenge;
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

    @Inject
    PublicOrigin origin;

    @Inject
    ClientAddress clientAddress;

    /**
     * Deletes the session row, expires the session cookie and asks the browser to drop this site's cached pages.
     * Not {@code "cookies"}: that would also wipe every other application's cookies on the same site.
     */
    public String signOut() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        cookie.read(request)
                .ifPresent(token -> sessions.signOut(currentUser.getSession(), token, clientAddress.of(request)));
        cookie.clear(response);
        // "cache" also evicts this site's pages from the back/forward cache, so Back cannot show them again
        response.setHeader("Clear-Site-Data", "\"cache\"");
        origin.redirect(
                request,
                response,
                PublicPaths.LOGIN_PAGE + "?" + SignInChallenge.REASON_PARAMETER + "=" + LoginBacking.REASON_SIGNED_OUT);
        faces.responseComplete();
        return null;
    }
}
