package dev.gatehouse.admin;

import dev.gatehouse.admin.UserAdministration.Outcome;
import dev.gatehouse.admin.UserAdministration.UserDetails;
import dev.gatehouse.directory.DirectoryUnavailableException;
import dev.gatehouse.session.DirectoryRecheck;
import dev.gatehouse.session.DirectorySync.Recheck;
import dev.gatehouse.session.SessionAdministration;
import dev.gatehouse.session.SessionSummary;
import dev.gatehouse.user.Role;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.faces.Messages;
import dev.gatehouse.web.faces.RequestParameters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backs {@code admin/user.xhtml?id=...}: one account's profile, roles, access, password and live sessions. Each
 * form on the page posts one change; the user id travels in the query string and as a hidden field.
 */
@Named("adminUserBacking")
@RequestScoped
public class UserBacking {

    @Inject
    UserAdministration administration;

    @Inject
    SessionAdministration sessions;

    @Inject
    DirectoryRecheck directoryRecheck;

    @Inject
    CurrentUser currentUser;

    @Inject
    Messages messages;

    private Long id;
    private Optional<UserDetails> user = Optional.empty();
    private String displayName;
    private List<String> roles;
    private String newPassword;
    private String generatedPassword;

    /** Loads the user named by the {@code id} parameter (query string or hidden field) and fills the forms on a GET. */
    @PostConstruct
    void init() {
        id = RequestParameters.number("id").orElse(null);
        load();
        if (!FacesContext.getCurrentInstance().isPostback()) {
            user.ifPresent(u -> {
                displayName = u.displayName();
                roles = u.roles().stream().map(Role::name).toList();
            });
        }
    }

    public String saveProfile() {
        Set<Role> chosen = Role.fromNames(roles);
        return report(administration.update(currentUser.actor(), id, displayName, chosen), "admin.user.saved");
    }

    public String disable() {
        return report(administration.setEnabled(currentUser.actor(), id, false), "admin.user.disabled");
    }

    public String enable() {
        return report(administration.setEnabled(currentUser.actor(), id, true), "admin.user.enabled");
    }

    public String unlock() {
        return report(administration.unlock(currentUser.actor(), id), "admin.user.unlocked");
    }

    /** Removes the user's second factors (a lost phone); their sessions end. */
    public String resetFactors() {
        return report(administration.resetFactors(currentUser.actor(), id), "admin.user.factorsReset");
    }

    /** Sets the typed password, or a generated one that is shown on this response only. */
    public String resetPassword() {
        Outcome outcome = administration.resetPassword(currentUser.actor(), id, Optional.ofNullable(newPassword));
        newPassword = null;
        outcome.generatedPassword().ifPresent(p -> generatedPassword = p);
        return report(outcome, "admin.user.passwordReset");
    }

    /** Has the directory re-read this user now; their sessions end at once if it no longer lets them in. */
    public String recheck() {
        FacesMessage message;
        try {
            Recheck result = directoryRecheck.recheckNow(currentUser.actor(), id);
            message = new FacesMessage(
                    result == Recheck.UNCHANGED || result == Recheck.UPDATED
                            ? FacesMessage.SEVERITY_INFO
                            : FacesMessage.SEVERITY_WARN,
                    messages.get("admin.user.recheck." + result.name()),
                    null);
        } catch (DirectoryUnavailableException down) {
            message = new FacesMessage(
                    FacesMessage.SEVERITY_ERROR, messages.get(Refusal.DIRECTORY_UNAVAILABLE.messageKey()), null);
        }
        FacesContext.getCurrentInstance().addMessage(null, message);
        load();
        return null;
    }

    private void load() {
        user = id == null ? Optional.empty() : administration.find(currentUser.actor(), id);
    }

    private String report(Outcome outcome, String doneKey) {
        FacesMessage message = outcome.refusal()
                .map(r -> new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get(r.messageKey()), null))
                .orElseGet(() -> new FacesMessage(FacesMessage.SEVERITY_INFO, messages.get(doneKey), null));
        FacesContext.getCurrentInstance().addMessage(null, message);
        load();
        if (outcome.isDone()) {
            user.ifPresent(u -> {
                displayName = u.displayName();
                roles = u.roles().stream().map(Role::name).toList();
            });
        }
        return null;
    }

    public boolean isFound() {
        return user.isPresent();
    }

    public UserDetails getUser() {
        return user.orElseThrow();
    }

    public boolean isLocked() {
        return user.map(UserDetails::locked).orElse(false);
    }

    public List<SessionSummary> getSessions() {
        return user.map(u -> sessions.listForUser(u.id())).orElse(List.of());
    }

    public List<String> getAllRoles() {
        return Arrays.stream(Role.values()).map(Role::name).toList();
    }

    public Long getId() {
        return id;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getGeneratedPassword() {
        return generatedPassword;
    }
}
