package dev.gatehouse.account;

import dev.gatehouse.factor.PasskeyCredential;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CsrfProtection;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.SessionCookie;
import dev.gatehouse.web.faces.Messages;
import dev.gatehouse.web.faces.PasskeyAnswer;
import dev.gatehouse.web.faces.RequestParameters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Backs {@code account/passkeys.xhtml}: the caller's passkeys with their last use (each links to {@code
 * account/passkey.xhtml} to rename or remove it), and adding one: a button asks for the browser's options in sudo
 * mode, then the browser's answer is posted.
 */
@Named
@RequestScoped
public class PasskeysBacking {

    @Inject
    AccountPasskeys accountPasskeys;

    @Inject
    CurrentUser currentUser;

    @Inject
    ClientAddress clientAddress;

    @Inject
    HttpServletRequest request;

    @Inject
    SessionCookie cookie;

    @Inject
    CsrfProtection csrf;

    @Inject
    PasskeyAnswer passkeyAnswer;

    @Inject
    Messages messages;

    @Inject
    Clock clock;

    private String notice;
    private String passkeyName;
    private Optional<PasskeyFactors.Options> registration = Optional.empty();
    private AccountPasskeys.Overview overview;
    private boolean registrationPosted;

    /** A hidden field of the registration form: its postback must find the form (views are stateless). */
    public static final String REGISTRATION_MARKER = "passkeyRegistration";

    @PostConstruct
    void readRegistrationMarker() {
        registrationPosted = RequestParameters.text(REGISTRATION_MARKER).isPresent();
    }

    /** Asks for the options of a new passkey (sudo mode): the page then shows the form that creates it. */
    public String start() {
        registration = accountPasskeys.startRegistration(currentUser.getSession());
        return null;
    }

    public String register() {
        String token = cookie.read(request).orElseThrow(() -> new IllegalStateException("No session cookie"));
        Optional<AccountPasskeys.Registered> registered = accountPasskeys.register(
                currentUser.getSession(), token, passkeyName, passkeyAnswer.registration(), clientAddress.of(request));
        passkeyAnswer.clear();
        passkeyName = null;
        overview = null;
        registrationPosted = false;
        if (registered.isEmpty()) {
            message(FacesMessage.SEVERITY_ERROR, messages.get("passkeys.refused"));
            return null;
        }
        csrf.sessionRotated(request, registered.get().newToken());
        cookie.set(
                (HttpServletResponse)
                        FacesContext.getCurrentInstance().getExternalContext().getResponse(),
                registered.get().newToken(),
                Duration.between(clock.instant(), currentUser.getSession().absoluteExpiresAt()));
        notice = null;
        message(
                FacesMessage.SEVERITY_INFO,
                messages.format("passkeys.added", registered.get().name()));
        return null;
    }

    private void message(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }

    public AccountPasskeys.Overview getOverview() {
        if (overview == null) {
            overview = accountPasskeys.overview(currentUser.getSession());
        }
        return overview;
    }

    public List<PasskeyCredential> getPasskeys() {
        return getOverview().passkeys();
    }

    /** Whether the form that creates a passkey is shown (or was just posted). */
    public boolean isRegistering() {
        return registration.isPresent() || registrationPosted;
    }

    public PasskeyFactors.Options getRegistrationOptions() {
        return registration.orElse(null);
    }

    /** The notice a held session was sent here with (the role requires a passkey), or a removal's. */
    public String getNoticeText() {
        return switch (notice == null ? "" : notice) {
            case "required" -> messages.get("passkeys.notice.required");
            case "removed" -> messages.get("passkeys.removed");
            default -> "";
        };
    }

    /** Whether this page shows a held session's notice (with a link to confirm with a passkey). */
    public boolean isHeld() {
        return "required".equals(notice);
    }

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }

    public String getPasskeyName() {
        return passkeyName;
    }

    public void setPasskeyName(String passkeyName) {
        this.passkeyName = passkeyName;
    }
}
