package dev.gatehouse.api;

import dev.gatehouse.session.ValidSession;
import dev.gatehouse.web.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The signed-in user and when their session ends. The filter has already answered 401 without a session. */
@Path("me")
@RequestScoped
public class MeResource {

    @Inject
    CurrentUser currentUser;

    /** What a client needs to know about the signed-in user. */
    public record Me(String username, String displayName, List<String> roles, Instant sessionExpiresAt) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        ValidSession session = currentUser.getSession();
        return new Me(session.username(), session.displayName(), currentUser.getRoles(), session.absoluteExpiresAt());
    }
}
