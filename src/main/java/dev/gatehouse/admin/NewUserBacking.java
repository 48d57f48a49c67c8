package dev.gatehouse.admin;

import dev.gatehouse.admin.UserAdministration.Outcome;
import dev.gatehouse.user.Role;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.faces.Messages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Backs {@code admin/new-user.xhtml}: create an account; a generated password is shown once, here. */
@Named("adminNewUserBacking")
@RequestScoped
public class NewUserBacking {

    @Inject
    UserAdministration administration;

    @Inject
    CurrentUser currentUser;

    @Inject
    Messages messages;

    private String username;
    private String displayName;
    private List<String> roles;
    private String password;
    private Long createdId;
    private String generatedPassword;

    public String create() {
        Set<Role> chosen = Role.fromNames(roles);
        Outcome outcome = administration.create(
                currentUser.actor(), username, displayName, chosen, Optional.ofNullable(password));
        password = null;
        FacesContext faces = FacesContext.getCurrentInstance();
        if (outcome.isDone()) {
            createdId = outcome.userId();
            generatedPassword = outcome.generatedPassword().orElse(null);
            faces.addMessage(
                    null, new FacesMessage(FacesMessage.SEVERITY_INFO, messages.get("admin.user.created"), null));
        } else {
            faces.addMessage(
                    null,
                    new FacesMessage(
                            FacesMessage.SEVERITY_ERROR,
                            messages.get(outcome.refusal().orElseThrow().messageKey()),
                            null));
        }
        return null;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
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

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Long getCreatedId() {
        return createdId;
    }

    public String getGeneratedPassword() {
        return generatedPassword;
    }
}
