package dev.gatehouse.login;

import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.factor.PasskeyFactors;
import dev.gatehouse.session.HeldRequests;
import dev.gatehouse.session.Reauthentication;
import dev.gatehouse.session.Reauthentication.Outcome;
import dev.gatehouse.user.HashingBusyException;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CsrfProtection;
import dev.gatehouse.web.CsrfTokens;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.DeviceCookie;
import dev.gatehouse.web.HeldRequestCookie;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.RetryAfter;
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
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Backs {@code confirm.xhtml}, the sudo-mode prompt: the signed-in user proves their password (and second factor)
 * again; then the request that needed it is resubmitted once, from a form this page renders with the held fields
 * and a fresh CSRF token, which the browser sends at once (or at a click, without script).
 */
@Named
@RequestScoped
public class ConfirmBacking {

    @Inject
    Reauthentication reauthentication;

    @Inject
    HeldRequests heldRequests;

    @Inject
    HeldRequestCookie heldCookie;

    @Inject
    CurrentUser currentUser;

    @Inject
    SessionCookie cookie;

    @Inject
    DeviceCookie deviceCookie;

    @Inject
    CsrfProtection csrf;

    @Inject
    ClientAddress clientAddress;

    @Inject
    PublicOrigin origin;

    @Inject
    Messages messages;

    @Inject
    PasskeyAnswer passkeyAnswer;

    @Inject
    Clock clock;

    private String held;
    private String password;
    private String code;
    private HeldRequests.Held resuming;
    private Reauthentication.Prompt prompt;
    private PasskeyFactors.Options passkeyOptions;

    /** One field of the form being resubmitted. */
    public record Field(String name, String value) {}

    public String confirm() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        HttpServletRequest request = request();
        HttpServletResponse response =
                (HttpServletResponse) faces.getExternalContext().getResponse();
        String token = cookie.read(request).orElseThrow(() -> new IllegalStateException("No session cookie"));
        Outcome outcome;
        try {
            outcome = reauthentication.confirm(
                    currentUser.getSession(),
                    token,
                    password,
                    code,
                    passkeyAnswer.assertion(),
                    clientAddress.of(request),
                    deviceCookie.read(request));
        } catch (HashingBusyException busy) {
            return unavailable(faces, response, RetryAfter.HASHING_BUSY_SECONDS);
        } catch (DirectoryUnavailableException down) {
            return unavailable(faces, response, RetryAfter.DIRECTORY_UNAVAILABLE_SECONDS);
        } finally {
            password = null;
            code = null;
            passkeyAnswer.clear();
        }
        if (!(outcome instanceof Outcome.Confirmed confirmed)) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get("confirm.failed"), null));
            return null;
        }
        csrf.sessionRotated(request, confirmed.newToken());
        cookie.set(
                response,
                confirmed.newToken(),
                Duration.between(clock.instant(), currentUser.getSession().absoluteExpiresAt()));
        Optional<HeldRequests.Held> taken = heldId().flatMap(id -> heldCookie
                .read(request)
                .flatMap(key -> heldRequests.take(id, currentUser.getSession().sessionId(), key)));
        heldCookie.clear(response);
        if (taken.isEmpty()) {
            origin.redirect(request, response, ReturnTarget.HOME);
            faces.responseComplete();
            return null;
        }
        resuming = taken.get();
        return null;
    }

    private static String unavailable(FacesContext faces, HttpServletResponse response, String retryAfter)
            throws IOException {
        response.setHeader(RetryAfter.HEADER, retryAfter);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        faces.responseComplete();
        return null;
    }

    /** Whether the caller may type a code (from an authenticator app, or a recovery code) after the password. */
    public boolean isCodeAsked() {
        return prompt().code();
    }

    /** Whether the caller may answer with a passkey after the password. */
    public boolean isPasskeyAsked() {
        return prompt().passkey();
    }

    /** The options of the passkey challenge, bound to the caller's session. */
    public PasskeyFactors.Options getPasskeyOptions() {
        if (passkeyOptions == null) {
            passkeyOptions = reauthentication.passkeyOptions(currentUser.getSession());
        }
        return passkeyOptions;
    }

    private Reauthentication.Prompt prompt() {
        if (prompt == null) {
            prompt = reauthentication.prompt(currentUser.getSession());
        }
        return prompt;
    }

    /** Where the held request goes, to tell the user what they are confirming; empty if nothing is held. */
    public String getHeldPath() {
        return heldId().flatMap(
                        id -> heldRequests.pathOf(id, currentUser.getSession().sessionId()))
                .map(path -> path.replaceFirst("\\?.*", ""))
                .orElse("");
    }

    public boolean isResuming() {
        return resuming != null;
    }

    /** The resubmission's action URL: the held path inside this application. */
    public String getResumeAction() {
        return request().getContextPath() + resuming.path();
    }

    /** The held fields, then the CSRF token of the session's new token. */
    public List<Field> getResumeFields() {
        List<Field> fields =
                new java.util.ArrayList<>(Arrays.stream(resuming.form().split("&"))
                        .filter(pair -> !pair.isEmpty())
                        .map(pair -> {
                            int equals = pair.indexOf('=');
                            String name = equals < 0 ? pair : pair.substring(0, equals);
                            String value = equals < 0 ? "" : pair.substring(equals + 1);
                            return new Field(
                                    URLDecoder.decode(name, StandardCharsets.UTF_8),
                                    URLDecoder.decode(value, StandardCharsets.UTF_8));
                        })
                        .toList());
        fields.add(new Field(CsrfTokens.FIELD, csrf.tokenFor(request())));
        return fields;
    }

    private Optional<UUID> heldId() {
        try {
            return Optional.ofNullable(held).filter(h -> !h.isBlank()).map(UUID::fromString);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest)
                FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }

    public String getHeld() {
        return held;
    }

    public void setHeld(String held) {
        this.held = held;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }
}
