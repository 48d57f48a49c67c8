package dev.gatehouse.example;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** An intranet application's own REST resource under {@code /api/example}, protected by role. */
@Path("example")
@RequestScoped
public class ReportResource {

    @Inject
    SecurityContext security;

    @Inject
    QuarterlyReport report;

    /** Any signed-in user: what every container API says about the caller. */
    @GET
    @Path("whoami")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> whoami(
            @Context HttpServletRequest request, @Context jakarta.ws.rs.core.SecurityContext rest) {
        return Map.of(
                "securityContext", security.getCallerPrincipal().getName(),
                "userPrincipal", request.getUserPrincipal().getName(),
                "remoteUser", request.getRemoteUser(),
                "restPrincipal", rest.getUserPrincipal().getName(),
                "isAdmin", request.isUserInRole("admin"),
                "isUser", security.isCallerInRole("user"),
                "restIsAdmin", rest.isUserInRole("admin"));
    }

    /** Admins only, declared on the resource method. */
    @GET
    @Path("report")
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> report() {
        return Map.of("summary", report.summary());
    }

    /** No check on the resource: the enterprise bean refuses non-admins by itself. */
    @GET
    @Path("unguarded-report")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> unguardedReport() {
        return Map.of("summary", report.summary());
    }
}
