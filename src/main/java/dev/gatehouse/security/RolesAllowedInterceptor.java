package dev.gatehouse.security;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Refuses a call to a method (or to any method of a class) annotated {@link RolesAllowed} unless the caller the
 * container knows, through Jakarta Security, has one of the roles. Runs before the transaction starts, so a
 * refused call touches no data. The refusal is a {@link SecurityException}: a 403 page or a JSON 403.
 */
@RolesAllowed({})
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 10)
public class RolesAllowedInterceptor {

    private final SecurityContext security;

    @Inject
    public RolesAllowedInterceptor(SecurityContext security) {
        this.security = security;
    }

    @AroundInvoke
    public Object checkCaller(InvocationContext invocation) throws Exception {
        String[] allowed = allowedRoles(invocation.getMethod());
        if (Arrays.stream(allowed).noneMatch(security::isCallerInRole)) {
            String caller = Optional.ofNullable(security.getCallerPrincipal())
                    .map(p -> p.getName())
                    .orElse("anonymous");
            throw new SecurityException(
                    invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                            + invocation.getMethod().getName() + " needs one of the roles " + Arrays.toString(allowed)
                            + "; the caller (" + caller + ") has none of them");
        }
        return invocation.proceed();
    }

    /** The method's own {@code @RolesAllowed}, else its class's; as in the EJB rules, the method's wins. */
    static String[] allowedRoles(Method method) {
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        RolesAllowed onClass = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        return onClass == null ? new String[0] : onClass.value();
    }
}
