package dev.gatehouse.api;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * A {@code @RolesAllowed} refusal inside the API is a JSON 403 (401 without a caller), not a 500: the caller
 * asked for something their roles do not allow, which is not a server error.
 */
@Provider
public class AccessDeniedMapper implements ExceptionMapper<SecurityException> {

    private static final System.Logger LOG = System.getLogger(AccessDeniedMapper.class.getName());

    @Context
    SecurityContext security;

    @Override
    public Response toResponse(SecurityException refusal) {
        boolean anonymous = security == null || security.getUserPrincipal() == null;
        LOG.log(Level.INFO, "API call refused: {0}", refusal.getMessage());
        return Response.status(anonymous ? Response.Status.UNAUTHORIZED : Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(Map.of("error", anonymous ? "unauthenticated" : "forbidden",
                        "message", anonymous ? "Sign in to use this API." : "Your roles do not allow this."))
                .build();
    }
}
