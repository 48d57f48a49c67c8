package dev.gatehouse.login;

import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.session.ClientInfo;
import dev.gatehouse.session.NewSession;
import dev.gatehouse.session.PasskeySignIn;
import dev.gatehouse.session.PendingSignIn;
import dev.gatehouse.session.SignInService;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CsrfProtection;
import dev.gatehouse.web.DeviceCookie;
import dev.gatehouse.web.PendingSignInCookie;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.RetryAfter;
import dev.gatehouse.web.ReturnTarget;
import dev.gatehouse.web.SessionCookie;
import dev.gatehouse.web.SignInChallenge;
import dev.gatehouse.web.faces.Messages;
import dev.gatehouse.web.faces.PasskeyAnswer;
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
import java.util.Optional;

/** Backs {@code login.xhtml}: signs in, sets the cookie and returns to where the visitor was going. */
@Named
@RequestScoped
public class LoginBacking {

    /** Reason given after a deliberate sign-out. */
    public static final String REASON_SIGNED_OUT = "signed-out";

    /**
     * The wait a busy sign-in answers with; the value is {@link RetryAfter}'s, named here for the tests that read it.
     */
    public static final String BUSY_RETRY_AFTER_SECONDS = RetryAfter.HASHING_BUSY_SECONDS;

    /**
     * Request attribute the 503 page reads to say why: {@link #UNAVAILABLE_DIRECTORY} when the company directory
     * did not answer (so the visitor knows it is not their password and that local accounts still work).
     */
    public static final String UNAVAILABLE_REASON = "gatehouse.unavailableReason";

    public static final String UNAVAILABLE_DIRECTORY = "directory";

    @Inject
    SignInService signIns;

    @Inject
    SessionCookie cookie;

    @Inject
    Messages messages;

    @Inject
    PublicOrigin origin;

    @Inject
    ClientAddress clientAddress;

    @Inject
    DeviceCookie deviceCookie;

    @Inject
    PendingSignInCookie pendingCookie;

    @Inject
    PasskeySignIn passkeySignIn;

    @Inject
    PasskeyAnswer passkeyAnswer;

    @Inject
    CsrfProtection csrf;

    @Inject
    Clock clock;

    private String username;
    private String password;
    private String returnTo;
    private String reason;
    private Optional<PasskeyFactors.Options> passkeyOptions;
    private boolean passkeyFailed;

    /** Signs in, or stays on the page with one message that is the same for every kind of failure. */
    public String signIn() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();

        Optional<String> previous = cookie.read(request);
        Optional<SignInService.Result> signedIn;
        try {
            signedIn = signIns.signIn(
                    username,
                    password,
                    new ClientInfo(clientAddress.of(request), request.getHeader("User-Agent")),
                    previous,
                    deviceCookie.read(request),
                    ReturnTarget.sanitise(returnTo));
        } catch (HashingBusyException busy) {
            return unavailable(faces, response, RetryAfter.HASHING_BUSY_SECONDS);
        } catch (DirectoryUnavailableException down) {
            request.setAttribute(UNAVAILABLE_REASON, UNAVAILABLE_DIRECTORY);
            return unavailable(faces, response, RetryAfter.DIRECTORY_UNAVAILABLE_SECONDS);
        } finally {
            password = null;
        }
        if (signedIn.isEmpty()) {
            previous.ifPresent(ignore -> cookie.clear(response));
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get("login.failed"), null));
            return null;
        }
        if (signedIn.get() instanceof SignInService.SecondStepDue due) {
            previous.ifPresent(ignore -> cookie.clear(response));
            pendingCookie.set(response, due.pendingToken());
            origin.redirect(
                    request,
                    response,
                    due.purpose() == PendingSignIn.Purpose.ENROL
                            ? SecondStepBacking.ENROL_PAGE
                            : SecondStepBacking.PAGE);
        } else {
            SignInService.SignedIn done = (SignInService.SignedIn) signedIn.get();
            finish(response, cookie, deviceCookie, clock, done.session(), done.newDeviceToken());
            origin.redirect(
                    request,
                    response,
                    done.recoveryNotices().isEmpty()
                            ? ReturnTarget.orHome(returnTo)
                            : SecondStepBacking.RECOVERY_NOTICE_PAGE);
        }
        faces.responseComplete();
        return null;
    }

    /** Passwordless sign-in: the passkey's answer to the challenge this browser was given signs it in. */
    public String signInWithPasskey() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        Optional<String> previous = cookie.read(request);
        Optional<String> binding = csrf.browserBinding(request);
        Optional<SignInService.SignedIn> signedIn = Optional.empty();
        try {
            if (binding.isPresent()) {
                signedIn = passkeySignIn.signIn(
                        passkeyAnswer.assertion(),
                        binding.get(),
                        new ClientInfo(clientAddress.of(request), request.getHeader("User-Agent")),
                        previous);
            }
        } catch (DirectoryUnavailableException down) {
            request.setAttribute(UNAVAILABLE_REASON, UNAVAILABLE_DIRECTORY);
            return unavailable(faces, response, RetryAfter.DIRECTORY_UNAVAILABLE_SECONDS);
        } finally {
            passkeyAnswer.clear();
        }
        if (signedIn.isEmpty()) {
            passkeyFailed = true;
            previous.ifPresent(ignore -> cookie.clear(response));
            faces.addMessage(
                    null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get("login.passkeyFailed"), null));
            return null;
        }
        finish(response, cookie, deviceCookie, clock, signedIn.get().session(), Optional.empty());
        origin.redirect(
                request,
                response,
                signedIn.get().recoveryNotices().isEmpty()
                        ? ReturnTarget.orHome(returnTo)
                        : SecondStepBacking.RECOVERY_NOTICE_PAGE);
        faces.responseComplete();
        return null;
    }

    /** The options of this browser's passwordless challenge; null when passwordless sign-in is off. */
    public PasskeyFactors.Options getPasskeyOptions() {
        if (passkeyOptions == null) {
            HttpServletRequest request = (HttpServletRequest)
                    FacesContext.getCurrentInstance().getExternalContext().getRequest();
            passkeyOptions = csrf.browserBinding(request).flatMap(passkeySignIn::options);
        }
        return passkeyOptions.orElse(null);
    }

    /**
     * Whether this page answers a refused passkey: it then waits for the button rather than asking for a passkey in
     * the autofill again at once.
     */
    public boolean isPasskeyFailed() {
        return passkeyFailed;
    }

    public boolean isPasswordless() {
        return passkeySignIn.offered();
    }

    /** Hands a browser its new session (and device cookie, if one is due). */
    static void finish(
            HttpServletResponse response,
            SessionCookie cookie,
            DeviceCookie deviceCookie,
            Clock clock,
            NewSession session,
            Optional<String> newDeviceToken) {
        newDeviceToken.ifPresent(token -> deviceCookie.set(response, token));
        cookie.set(
                response,
                session.token(),
                Duration.between(clock.instant(), session.session().absoluteExpiresAt()));
    }

    private static String unavailable(FacesContext faces, HttpServletResponse response, String retryAfterSeconds)
            throws IOException {
        response.setHeader(RetryAfter.HEADER, retryAfterSeconds);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        faces.responseComplete();
        return null;
    }

    /** The notice above the form, if the visitor arrived here for a reason we can name. */
    public String getNotice() {
        if (SignInChallenge.REASON_ENDED.equals(reason)) {
            return messages.get("login.sessionEnded");
        }
        if (REASON_SIGNED_OUT.equals(reason)) {
            return messages.get("login.signedOut");
        }
        return "";
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getReturnTo() {
        return returnTo;
    }

    public void setReturnTo(String returnTo) {
        this.returnTo = returnTo;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
