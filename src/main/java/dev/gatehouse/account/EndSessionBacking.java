package dev.gatehouse.account;

import dev.gatehouse.session.OwnSessions;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.faces.RequestParameters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Backs {@code account/end-session.xhtml}: confirm ending one of your own other sessions ({@code ?session=id})
 * or all of them ({@code ?scope=others}, "sign out everywhere else"). Other users' sessions cannot be named.
 */
@Named("accountEndSessionBacking")
@RequestScoped
public class EndSessionBacking {

    @Inject
    OwnSessions sessions;

    @Inject
    CurrentUser currentUser;

    @Inject
    PublicOrigin origin;

    @Inject
    ClientAddress clientAddress;

    private String session;
    private Optional<UUID> sessionId = Optional.empty();
    private String scope;
    private Boolean oneSession;

    /** What to end, from the query string on the GET and from hidden fields on the confirming POST. */
    @PostConstruct
    void init() {
        session = RequestParameters.text("session").orElse(null);
        sessionId = RequestParameters.uuid("session");
        scope = RequestParameters.text("scope").orElse(null);
    }

    public boolean isEverywhereElse() {
        return "others".equals(scope);
    }

    /** Whether the page names one of the user's other sessions (never the current one, never someone else's). */
    public boolean isOneSession() {
        if (oneSession == null) {
            oneSession = sessionId
                    .filter(id -> sessions.isOtherSessionOf(currentUser.getSession(), id))
                    .isPresent();
        }
        return oneSession;
    }

    /** Ends what the page describes, then shows the session list with how many ended. */
    public String confirm() throws IOException {
        ValidSession current = currentUser.getSession();
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        int ended = 0;
        if (isEverywhereElse()) {
            ended = sessions.revokeOthers(current, clientAddress.of(request));
        } else if (isOneSession()) {
            ended = sessions.revoke(current, sessionId.get(), clientAddress.of(request)) ? 1 : 0;
        }
        origin.redirect(
                request, (HttpServletResponse) external.getResponse(), "/account/sessions.xhtml?ended=" + ended);
        faces.responseComplete();
        return null;
    }

    public String getSession() {
        return session;
    }

    public String getScope() {
        return scope;
    }
}
