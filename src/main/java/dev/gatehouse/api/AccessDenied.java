package dev.gatehouse.api;

import dev.gatehouse.session.ReauthenticationRequiredException;
import jakarta.ejb.EJBAccessException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * A role refusal inside the API is a JSON 403 (401 without a caller), never a 500 or an HTML page, whichever
 * layer refused: a CDI service's or resource's {@code @RolesAllowed} ({@link SecurityException}), an enterprise
 * bean's ({@link EJBAccessException}) or the JAX-RS runtime's own check ({@link ForbiddenException}).
 */
public final class AccessDenied {

    private static final System.Logger LOG = System.getLogger(AccessDenied.class.getName());

    private AccessDenied() {}

    static Response response(SecurityContext security, String why) {
        boolean anonymous = security == null || security.getUserPrincipal() == null;
        LOG.log(Level.INFO, "API call refused: {0}", why);
        return Response.status(anonymous ? Response.Status.UNAUTHORIZED : Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(Map.of(
                        "error",
                        anonymous ? "unauthenticated" : "forbidden",
                        "message",
                        anonymous ? "Sign in to use this API." : "Your roles do not allow this."))
                .build();
    }

    /** {@code @RolesAllowed} on a CDI bean or resource. */
    @Provider
    public static class ServiceRefusal implements ExceptionMapper<SecurityException> {
        @Context
        SecurityContext security;

        @Override
        public Response toResponse(SecurityException refusal) {
            return response(security, refusal.getMessage());
        }
    }

    /** Sudo mode: the API cannot ask for the password again, so the caller is told what to do. */
    @Provider
    public static class RecentAuthenticationRequired implements ExceptionMapper<ReauthenticationRequiredException> {
        @Override
        public Response toResponse(ReauthenticationRequiredException refusal) {
            LOG.log(Level.INFO, "API call refused: {0}", refusal.getMessage());
            return Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .entity(Map.of(
                            "error",
                            "reauthentication_required",
                            "message",
                            "This needs a recent sign-in: confirm your password in the browser, then try again."))
                    .build();
        }
    }

    /** {@code @RolesAllowed} on an enterprise bean. */
    @Provider
    public static class EnterpriseBeanRefusal implements ExceptionMapper<EJBAccessException> {
        @Context
        SecurityContext security;

        @Override
        public Response toResponse(EJBAccessException refusal) {
            return response(security, String.valueOf(refusal.getMessage()));
        }
    }

    /** {@code @RolesAllowed} checked by the JAX-RS runtime itself. */
    @Provider
    public static class ResourceRefusal implements ExceptionMapper<ForbiddenException> {
        @Context
        SecurityContext security;

        @Override
        public Response toResponse(ForbiddenException refusal) {
            return response(security, String.valueOf(refusal.getMessage()));
        }
    }
}
