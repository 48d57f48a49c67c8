package dev.gatehouse.account;

import dev.gatehouse.account.AccountFactors.Overview;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.factor.SecondFactors.Enrolment;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CsrfProtection;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.DeviceCookie;
import dev.gatehouse.web.SessionCookie;
import dev.gatehouse.web.faces.Messages;
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

/** Backs {@code account/two-factor.xhtml}: the caller's authenticator app and recovery codes. */
@Named
@RequestScoped
public class TwoFactorBacking {

    @Inject
    AccountFactors accountFactors;

    @Inject
    CurrentUser currentUser;

    @Inject
    ClientAddress clientAddress;

    @Inject
    DeviceCookie deviceCookie;

    @Inject
    HttpServletRequest request;

    @Inject
    Messages messages;

    @Inject
    SessionCookie cookie;

    @Inject
    CsrfProtection csrf;

    @Inject
    Clock clock;

    private String code;
    private String notice;
    private Overview overview;
    private List<String> recoveryCodes = List.of();

    public String start() {
        accountFactors.startEnrolment(currentUser.getSession());
        overview = null;
        return null;
    }

    public String confirm() {
        String token = cookie.read(request).orElseThrow(() -> new IllegalStateException("No session cookie"));
        Optional<AccountFactors.Enrolled> enrolled = accountFactors.confirmEnrolment(
                currentUser.getSession(), token, code, clientAddress.of(request), deviceCookie.read(request));
        code = null;
        overview = null;
        if (enrolled.isEmpty()) {
            message(FacesMessage.SEVERITY_ERROR, "factors.wrongCode");
            return null;
        }
        csrf.sessionRotated(request, enrolled.get().newToken());
        cookie.set(
                (HttpServletResponse)
                        FacesContext.getCurrentInstance().getExternalContext().getResponse(),
                enrolled.get().newToken(),
                Duration.between(clock.instant(), currentUser.getSession().absoluteExpiresAt()));
        recoveryCodes = enrolled.get().recoveryCodes();
        message(FacesMessage.SEVERITY_INFO, "factors.enrolled");
        return null;
    }

    public String regenerate() {
        recoveryCodes = accountFactors.regenerateRecoveryCodes(currentUser.getSession(), clientAddress.of(request));
        overview = null;
        return null;
    }

    public String remove() {
        boolean removed = accountFactors.remove(currentUser.getSession(), clientAddress.of(request));
        overview = null;
        message(
                removed ? FacesMessage.SEVERITY_INFO : FacesMessage.SEVERITY_ERROR,
                removed ? "factors.removed" : "factors.required");
        return null;
    }

    private void message(FacesMessage.Severity severity, String key) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, messages.get(key), null));
    }

    public Overview getOverview() {
        if (overview == null) {
            overview = accountFactors.overview(currentUser.getSession());
        }
        return overview;
    }

    /** Held to enrolment (the role requires a factor this session never proved) while already enrolled. */
    public boolean isConfirmationDue() {
        return "required".equals(notice) && isEnrolled();
    }

    public boolean isEnrolled() {
        return getOverview().state() == SecondFactors.State.TOTP;
    }

    public boolean isEnrolling() {
        return !isEnrolled() && getOverview().enrolment().isPresent();
    }

    public String getSecret() {
        return getOverview().enrolment().map(Enrolment::groupedSecret).orElse("");
    }

    public String getQrSvg() {
        return getOverview().enrolment().map(Enrolment::qrSvg).orElse("");
    }

    public List<String> getRecoveryCodes() {
        return recoveryCodes;
    }

    public boolean isRecoveryCodesShown() {
        return !recoveryCodes.isEmpty();
    }

    /** The notice a sign-in sent the user here with: a recovery code was used. */
    public String getNoticeText() {
        if ("recovery-used".equals(notice)) {
            return messages.get("factors.notice.recoveryUsed");
        }
        if ("required".equals(notice)) {
            return messages.get(isEnrolled() ? "factors.notice.requiredConfirm" : "factors.notice.required");
        }
        if ("recovery-sign-in".equals(notice)) {
            return messages.format(
                    "factors.notice.recoverySignIn", getOverview().recoveryCodesLeft());
        }
        return "";
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }
}
