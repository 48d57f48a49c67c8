package dev.gatehouse.web;

import dev.gatehouse.audit.Actor;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.Role;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;

/**
 * Who is signed in on this request, as {@link SessionAuthenticationMechanism} told the container. Injectable and
 * usable in pages; the session details come with the container's caller, never without one.
 */
@Named
@RequestScoped
public class CurrentUser {

    /** Request attribute under which {@link SessionAuthenticationMechanism} leaves the {@link ValidSession}. */
    static final String REQUEST_ATTRIBUTE = CurrentUser.class.getName();

    @Inject
    HttpServletRequest request;

    @Inject
    ClientAddress clientAddress;

    private Optional<ValidSession> session = Optional.empty();

    @PostConstruct
    void init() {
        session = Optional.ofNullable((ValidSession) request.getAttribute(REQUEST_ATTRIBUTE))
                .filter(s -> request.getUserPrincipal() != null
                        && s.username().equals(request.getUserPrincipal().getName()));
    }

    public boolean isSignedIn() {
        return session.isPresent();
    }

    /** The validated session; empty on public pages visited without one. */
    public Optional<ValidSession> session() {
        return session;
    }

    public String getUsername() {
        return session.map(ValidSession::username).orElse("");
    }

    public String getDisplayName() {
        return session.map(ValidSession::displayName).orElse("");
    }

    /** Role names, sorted, for display. */
    public List<String> getRoles() {
        return session.map(s -> s.roles().stream().map(Role::roleName).sorted().toList())
                .orElse(List.of());
    }

    /** Role names, sorted and comma-separated. */
    public String getRoleList() {
        return String.join(", ", getRoles());
    }

    public boolean isAdmin() {
        return session.map(s -> s.hasRole(Role.ADMIN)).orElse(false);
    }

    /** The signed-in user as the actor of a change, for the audit trail. */
    public Actor actor() {
        return getSession().actor(clientAddress.of(request));
    }

    /** The validated session, for pages that only render for signed-in users. */
    public ValidSession getSession() {
        return session.orElseThrow(() -> new IllegalStateException(
                "No session on this request: the authentication filter lets it through only on public paths"));
    }
}
