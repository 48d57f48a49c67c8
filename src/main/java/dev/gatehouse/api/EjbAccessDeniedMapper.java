package dev.gatehouse.api;

import jakarta.ejb.EJBAccessException;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** The same answer as {@link AccessDeniedMapper} when an enterprise bean's {@code @RolesAllowed} refuses. */
@Provider
public class EjbAccessDeniedMapper implements ExceptionMapper<EJBAccessException> {

    @Context
    SecurityContext security;

    @Override
    public Response toResponse(EJBAccessException refusal) {
        AccessDeniedMapper mapper = new AccessDeniedMapper();
        mapper.security = security;
        return mapper.toResponse(new SecurityException(refusal.getMessage(), refusal));
    }
}
