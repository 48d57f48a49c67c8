package dev.gatehouse.account;

import dev.gatehouse.session.OwnSessions;
import dev.gatehouse.session.SessionSummary;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.faces.RequestInput;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Backs {@code account/sessions.xhtml}: the signed-in user's own live sessions, the current one marked. */
@Named("accountSessionsBacking")
@RequestScoped
public class SessionsBacking {

    @Inject
    OwnSessions sessions;

    @Inject
    CurrentUser currentUser;

    private List<SessionSummary> rows;
    private String ended;

    public List<SessionSummary> getRows() {
        if (rows == null) {
            rows = sessions.list(currentUser.getSession());
        }
        return rows;
    }

    public boolean isCurrent(SessionSummary row) {
        return row.id().equals(currentUser.getSession().sessionId());
    }

    public String getEnded() {
        return ended;
    }

    /** How many sessions the previous step ended, for the notice; 400 if the URL says something else. */
    public Integer getEndedCount() {
        return RequestInput.number("ended", ended).orElse(null);
    }

    public void setEnded(String ended) {
        this.ended = ended;
    }
}
