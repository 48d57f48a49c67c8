package dev.gatehouse.account;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.session.SessionService;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.web.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
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
    SessionService sessions;

    @Inject
    CurrentUser currentUser;

    private String session;
    private String scope;

    public boolean isEverywhereElse() {
        return "others".equals(scope);
    }

    public boolean isOneSession() {
        return sessionId().filter(id -> !id.equals(currentUser.getSession().sessionId())).isPresent();
    }

    /** Ends what the page describes, then shows the session list with how many ended. */
    public String confirm() throws IOException {
        ValidSession current = currentUser.getSession();
        Actor actor = currentUser.actor();
        int ended = 0;
        if (isEverywhereElse()) {
            ended = sessions.revokeAllExcept(current.userId(), current.sessionId(), actor);
        } else if (isOneSession()) {
            ended = sessions.revokeOwn(current.userId(), sessionId().get(), actor) ? 1 : 0;
        }
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.redirect(external.getRequestContextPath() + "/account/sessions.xhtml?ended=" + ended);
        return null;
    }

    private Optional<UUID> sessionId() {
        try {
            return session == null ? Optional.empty() : Optional.of(UUID.fromString(session));
        } catch (IllegalArgumentException ignore) {
            // not a session id: nothing to end
            return Optional.empty();
        }
    }

    public String getSession() {
        return session;
    }

    public void setSession(String session) {
        this.session = session;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }
}
