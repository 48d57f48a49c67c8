package dev.gatehouse.admin;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.session.SessionAdministration;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.faces.Messages;
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
 * Backs {@code admin/end-sessions.xhtml}, the confirmation step for ending sessions: one ({@code ?session=id}),
 * all of a user's ({@code ?user=id}) or everyone's but the admin's own ({@code ?scope=others}). The GET only
 * describes; the POST of the confirmation form acts.
 */
@Named("adminEndSessionsBacking")
@RequestScoped
public class EndSessionsBacking {

    @Inject
    SessionAdministration sessions;

    @Inject
    UserAdministration administration;

    @Inject
    CurrentUser currentUser;

    @Inject
    Messages messages;

    @Inject
    PublicOrigin origin;

    private String session;
    private Optional<UUID> sessionId = Optional.empty();
    private Long user;
    private String scope;

    /** What to end, from the query string on the GET and from hidden fields on the confirming POST. */
    @PostConstruct
    void init() {
        session = RequestParameters.text("session").orElse(null);
        sessionId = RequestParameters.uuid("session");
        user = RequestParameters.number("user").orElse(null);
        scope = RequestParameters.text("scope").orElse(null);
    }

    /** What will end, in words; empty if the request names nothing that exists. */
    public String getDescription() {
        Actor actor = currentUser.actor();
        if (sessionId.isPresent()) {
            return messages.get("admin.end.one");
        }
        if (user != null) {
            return administration
                    .find(actor, user)
                    .map(u -> messages.format("admin.end.user", u.username()))
                    .orElse("");
        }
        if ("others".equals(scope)) {
            return messages.get("admin.end.others");
        }
        return "";
    }

    /** Ends what the page describes and returns to the session list, saying how many sessions ended. */
    public String confirm() throws IOException {
        Actor actor = currentUser.actor();
        int ended = 0;
        if (sessionId.isPresent()) {
            ended = sessions.revoke(sessionId.get(), actor) ? 1 : 0;
        } else if (user != null) {
            ended = administration
                    .find(actor, user)
                    .map(u -> sessions.revokeAllFor(u.id(), actor))
                    .orElse(0);
        } else if ("others".equals(scope)) {
            ended = sessions.revokeAllOthers(currentUser.getSession().sessionId(), actor);
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        origin.redirect(
                (HttpServletRequest) external.getRequest(),
                (HttpServletResponse) external.getResponse(),
                "/admin/sessions.xhtml?ended=" + ended);
        faces.responseComplete();
        return null;
    }

    public String getSession() {
        return session;
    }

    public Long getUser() {
        return user;
    }

    public String getScope() {
        return scope;
    }
}
