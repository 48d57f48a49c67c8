package dev.gatehouse.account;

import dev.gatehouse.account.AccountService.PasswordChange;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CsrfProtection;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.DeviceCookie;
import dev.gatehouse.web.RetryAfter;
import dev.gatehouse.web.SessionCookie;
import dev.gatehouse.web.faces.Messages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/** Backs {@code account/password.xhtml}: change your own password after re-entering the current one. */
@Named
@RequestScoped
public class PasswordBacking {

    @Inject
    ClientAddress clientAddress;

    @Inject
    CsrfProtection csrf;

    @Inject
    DeviceCookie deviceCookie;

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser currentUser;

    @Inject
    SessionCookie cookie;

    @Inject
    Messages messages;

    @Inject
    Clock clock;

    private String currentPassword;
    private String newPassword;
    private String confirmation;
    private boolean endOtherSessions = true;

    /** Changes the password; on success the browser gets the rotated session token. */
    public String change() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        try {
            if (newPassword == null || !newPassword.equals(confirmation)) {
                error(faces, "password.mismatch");
                return null;
            }
            String token = cookie.read(request)
                    .orElseThrow(() -> new IllegalStateException("A signed-in request without a session cookie"));
            PasswordChange outcome;
            try {
                outcome = accounts.changePassword(
                        currentUser.getSession(),
                        token,
                        currentPassword,
                        newPassword,
                        endOtherSessions,
                        clientAddress.of(request),
                        deviceCookie.read(request));
            } catch (HashingBusyException busy) {
                response.setHeader(RetryAfter.HEADER, RetryAfter.HASHING_BUSY_SECONDS);
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                faces.responseComplete();
                return null;
            }
            if (outcome instanceof PasswordChange.Changed changed) {
                csrf.sessionRotated(request, changed.newToken());
                cookie.set(
                        response,
                        changed.newToken(),
                        Duration.between(
                                clock.instant(), currentUser.getSession().absoluteExpiresAt()));
                faces.addMessage(
                        null,
                        new FacesMessage(
                                FacesMessage.SEVERITY_INFO,
                                messages.format("password.changed", changed.otherSessionsEnded()),
                                null));
            } else if (outcome instanceof PasswordChange.WrongCurrentPassword) {
                error(faces, "password.wrongCurrent");
            } else if (outcome instanceof PasswordChange.Refused refused) {
                error(faces, refused.violation().messageKey());
            } else if (outcome instanceof PasswordChange.ManagedByDirectory) {
                error(faces, "password.directory");
            }
            return null;
        } finally {
            currentPassword = null;
            newPassword = null;
            confirmation = null;
        }
    }

    /** Whether this page can change the caller's password (a local account), or must say where to change it. */
    public boolean isLocalPassword() {
        return accounts.hasLocalPassword(currentUser.getSession());
    }

    private void error(FacesContext faces, String key) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get(key), null));
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getConfirmation() {
        return confirmation;
    }

    public void setConfirmation(String confirmation) {
        this.confirmation = confirmation;
    }

    public boolean isEndOtherSessions() {
        return endOtherSessions;
    }

    public void setEndOtherSessions(boolean endOtherSessions) {
        this.endOtherSessions = endOtherSessions;
    }
}
