package dev.gatehouse.login;

import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.factor.SecondFactors.Enrolment;
import dev.gatehouse.session.ClientInfo;
import dev.gatehouse.session.TwoStepSignIn;
import dev.gatehouse.session.TwoStepSignIn.Outcome;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.DeviceCookie;
import dev.gatehouse.web.PendingSignInCookie;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.PublicPaths;
import dev.gatehouse.web.ReturnTarget;
import dev.gatehouse.web.SessionCookie;
import dev.gatehouse.web.faces.Messages;
import dev.gatehouse.web.faces.PasskeyAnswer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Backs the second step of a sign-in: {@code login-code.xhtml} (a code from the authenticator app, or a recovery
 * code) and {@code login-enrol.xhtml} (a user whose role requires a second factor adds one). Both pages are public
 * but show nothing without the pending state a right password left (its cookie); every failure gets one message.
 */
@Named
@RequestScoped
public class SecondStepBacking {

    public static final String PAGE = PublicPaths.SECOND_STEP_PAGE;
    public static final String ENROL_PAGE = PublicPaths.ENROLMENT_PAGE;
    /** Where a sign-in goes when a recovery code was used since the user's last one. */
    public static final String RECOVERY_NOTICE_PAGE = "/account/two-factor.xhtml?notice=recovery-used";
    /** Where a sign-in with a recovery code goes: to say how many are left, and how to get new ones. */
    public static final String RECOVERY_SIGN_IN_PAGE = "/account/two-factor.xhtml?notice=recovery-sign-in";

    @Inject
    TwoStepSignIn twoStep;

    @Inject
    PendingSignInCookie pendingCookie;

    @Inject
    SessionCookie cookie;

    @Inject
    DeviceCookie deviceCookie;

    @Inject
    PublicOrigin origin;

    @Inject
    ClientAddress clientAddress;

    @Inject
    Messages messages;

    @Inject
    PasskeyAnswer passkeyAnswer;

    @Inject
    Clock clock;

    private String code;
    private String passkeyName;
    private Optional<TwoStepSignIn.Pending> pending;
    private List<String> recoveryCodes = List.of();
    private String continueTo = ReturnTarget.HOME;

    /** On GET: without a pending sign-in of the page's kind, back to the password. */
    public void requirePending(String purpose) {
        if (FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        if (getPending().filter(p -> p.purpose().name().equals(purpose)).isEmpty()) {
            redirect(PublicPaths.LOGIN_PAGE);
        }
    }

    /** The code step: signs in, or stays with one message for every failure. */
    public String verify() {
        return proceed(twoStep.completeWithCode(token(), code, client()), "secondStep.failed");
    }

    /** The second step with a passkey: signs in, or stays with the one failure message. */
    public String verifyPasskey() {
        Outcome outcome = twoStep.completeWithPasskey(token(), passkeyAnswer.assertion(), client());
        passkeyAnswer.clear();
        return proceed(outcome, "secondStep.passkeyFailed");
    }

    /** Enrolment with a passkey (where the role accepts only passkeys, or by choice): signs in once it is stored. */
    public String enrolPasskey() {
        Outcome outcome =
                twoStep.completePasskeyEnrolment(token(), passkeyName, code, passkeyAnswer.registration(), client());
        passkeyAnswer.clear();
        signedIn(outcome, "enrol.passkeyFailed")
                .ifPresent(signedIn -> redirect(signedIn.returnTo().orElse(ReturnTarget.HOME)));
        return null;
    }

    private String proceed(Outcome outcome, String failureMessage) {
        signedIn(outcome, failureMessage).ifPresent(signedIn -> {
            boolean recovery = signedIn.proof()
                    .filter(p -> p.kind() == SecondFactors.Proof.Kind.RECOVERY_CODE)
                    .isPresent();
            redirect(
                    recovery
                            ? RECOVERY_SIGN_IN_PAGE
                            : !signedIn.recoveryNotices().isEmpty()
                                    ? RECOVERY_NOTICE_PAGE
                                    : signedIn.returnTo().orElse(ReturnTarget.HOME));
        });
        return null;
    }

    /** The enrolment step: confirms the new authenticator, signs in and shows the recovery codes once. */
    public String enrol() {
        signedIn(twoStep.completeEnrolment(token(), code, client()), "secondStep.failed")
                .ifPresent(signedIn -> {
                    recoveryCodes = signedIn.recoveryCodes();
                    continueTo = signedIn.returnTo().orElse(ReturnTarget.HOME);
                    pending = Optional.empty();
                });
        return null;
    }

    /** Hands the browser its session (the pending cookie goes), or shows the one failure message. */
    private Optional<Outcome.SignedIn> signedIn(Outcome outcome, String failureMessage) {
        code = null;
        if (!(outcome instanceof Outcome.SignedIn signedIn)) {
            failed((Outcome.Failed) outcome, failureMessage);
            return Optional.empty();
        }
        HttpServletResponse response = response();
        pendingCookie.clear(response);
        LoginBacking.finish(response, cookie, deviceCookie, clock, signedIn.session(), signedIn.newDeviceToken());
        return Optional.of(signedIn);
    }

    private void failed(Outcome.Failed failed, String message) {
        if (failed.pendingGone()) {
            pendingCookie.clear(response());
        }
        FacesContext.getCurrentInstance()
                .addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get(message), null));
    }

    public Optional<TwoStepSignIn.Pending> getPending() {
        if (pending == null) {
            pending = twoStep.find(token());
        }
        return pending;
    }

    public boolean isPendingShown() {
        return getPending().isPresent();
    }

    /** Whether this second step accepts a typed code (not for a role that accepts only passkeys). */
    public boolean isCodesAccepted() {
        return getPending().map(TwoStepSignIn.Pending::codesAccepted).orElse(false);
    }

    /** Whether adding a passkey at sign-in asks first for a code of the authenticator app the user has. */
    public boolean isCodeBeforePasskey() {
        return getPending().map(TwoStepSignIn.Pending::codeBeforePasskey).orElse(false);
    }

    /** Whether the user's role accepts only a passkey. */
    public boolean isPasskeyRequired() {
        return getPending().map(TwoStepSignIn.Pending::passkeyRequired).orElse(false);
    }

    /** Whether a passkey can be used (second step) or registered (enrolment) here. */
    public boolean isPasskeyOffered() {
        return getPending().flatMap(TwoStepSignIn.Pending::passkey).isPresent();
    }

    public PasskeyFactors.Options getPasskeyOptions() {
        return getPending().flatMap(TwoStepSignIn.Pending::passkey).orElse(null);
    }

    public String getPasskeyName() {
        return passkeyName;
    }

    public void setPasskeyName(String passkeyName) {
        this.passkeyName = passkeyName;
    }

    public boolean isFactorsAvailable() {
        return getPending().map(TwoStepSignIn.Pending::factorsAvailable).orElse(false);
    }

    public Optional<Enrolment> enrolment() {
        return getPending().flatMap(TwoStepSignIn.Pending::enrolment);
    }

    public String getSecret() {
        return enrolment().map(Enrolment::groupedSecret).orElse("");
    }

    public String getQrSvg() {
        return enrolment().map(Enrolment::qrSvg).orElse("");
    }

    public String getOtpauthUri() {
        return enrolment().map(Enrolment::otpauthUri).orElse("");
    }

    public boolean isEnrolled() {
        return !recoveryCodes.isEmpty();
    }

    public List<String> getRecoveryCodes() {
        return recoveryCodes;
    }

    public String getContinueTo() {
        return continueTo;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    private String token() {
        return pendingCookie.read(request()).orElse(null);
    }

    private ClientInfo client() {
        HttpServletRequest request = request();
        return new ClientInfo(clientAddress.of(request), request.getHeader("User-Agent"));
    }

    private void redirect(String appPath) {
        origin.redirect(request(), response(), appPath);
        FacesContext.getCurrentInstance().responseComplete();
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest)
                FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }

    private static HttpServletResponse response() {
        return (HttpServletResponse)
                FacesContext.getCurrentInstance().getExternalContext().getResponse();
    }
}
