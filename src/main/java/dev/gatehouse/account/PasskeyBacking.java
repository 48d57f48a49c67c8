package dev.gatehouse.account;

import dev.gatehouse.factor.PasskeyCredential;
import dev.gatehouse.web.ClientAddress;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.PublicOrigin;
import dev.gatehouse.web.faces.Messages;
import dev.gatehouse.web.faces.RequestParameters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * Backs {@code account/passkey.xhtml?passkey=id}: one of the caller's passkeys, to rename or remove. The id comes
 * from the query string on the GET and from a hidden field on the posts; {@link AccountPasskeys} checks it against
 * the caller every time, so another user's id shows and changes nothing.
 */
@Named
@RequestScoped
public class PasskeyBacking {

    @Inject
    AccountPasskeys accountPasskeys;

    @Inject
    CurrentUser currentUser;

    @Inject
    ClientAddress clientAddress;

    @Inject
    PublicOrigin origin;

    @Inject
    Messages messages;

    private Optional<Long> passkeyId = Optional.empty();
    private Optional<PasskeyCredential> passkey;
    private String name;

    @PostConstruct
    void init() {
        passkeyId = RequestParameters.number("passkey");
    }

    public Optional<PasskeyCredential> getPasskey() {
        if (passkey == null) {
            passkey = passkeyId.flatMap(id -> accountPasskeys.find(currentUser.getSession(), id));
        }
        return passkey;
    }

    public boolean isFound() {
        return getPasskey().isPresent();
    }

    /** The passkey as the page shows it (only when {@link #isFound()}). */
    public PasskeyCredential getShown() {
        return getPasskey().orElseThrow();
    }

    public String rename() {
        boolean renamed = passkeyId
                .map(id -> accountPasskeys.rename(currentUser.getSession(), id, name, ip()))
                .orElse(false);
        passkey = null;
        message(
                renamed ? FacesMessage.SEVERITY_INFO : FacesMessage.SEVERITY_ERROR,
                renamed ? "passkeys.renamed" : "passkeys.notFound");
        return null;
    }

    /** Removes the passkey (sudo mode) and returns to the list, or stays with the reason it stays. */
    public String remove() {
        AccountPasskeys.Removal removal = passkeyId
                .map(id -> accountPasskeys.remove(currentUser.getSession(), id, ip()))
                .orElse(AccountPasskeys.Removal.NOT_FOUND);
        if (removal == AccountPasskeys.Removal.REMOVED) {
            FacesContext faces = FacesContext.getCurrentInstance();
            ExternalContext external = faces.getExternalContext();
            origin.redirect(
                    (HttpServletRequest) external.getRequest(),
                    (HttpServletResponse) external.getResponse(),
                    "/account/passkeys.xhtml?notice=removed");
            faces.responseComplete();
            return null;
        }
        message(
                FacesMessage.SEVERITY_ERROR,
                removal == AccountPasskeys.Removal.REQUIRED ? "passkeys.lastRequired" : "passkeys.notFound");
        return null;
    }

    private void message(FacesMessage.Severity severity, String key) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, messages.get(key), null));
    }

    private String ip() {
        return clientAddress.of((HttpServletRequest)
                FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    /** The id as the page carries it in its forms' hidden field. */
    public String getPasskeyParameter() {
        return passkeyId.map(String::valueOf).orElse("");
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
