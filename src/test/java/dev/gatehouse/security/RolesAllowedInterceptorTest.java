package dev.gatehouse.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.annotation.security.RolesAllowed;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesAllowedInterceptorTest {

    @RolesAllowed(Roles.ADMIN)
    static class AdminService {
        String everything() {
            return "done";
        }

        @RolesAllowed({Roles.USER, Roles.ADMIN})
        String anyone() {
            return "done";
        }
    }

    @Test
    void theMethodsAnnotationWinsOverTheClasss() throws Exception {
        assertArrayEquals(new String[] {Roles.ADMIN}, RolesAllowedInterceptor.allowedRoles(method("everything")));
        assertArrayEquals(
                new String[] {Roles.USER, Roles.ADMIN}, RolesAllowedInterceptor.allowedRoles(method("anyone")));
    }

    @Test
    void aCallerWithTheRoleIsLetThrough() throws Exception {
        var interceptor = new RolesAllowedInterceptor(caller("ada", Roles.USER, Roles.ADMIN));
        assertEquals("done", interceptor.checkCaller(invocation(method("everything"))));
    }

    @Test
    void aCallerWithoutTheRoleIsRefusedBeforeTheMethodRuns() throws Exception {
        var interceptor = new RolesAllowedInterceptor(caller("bob", Roles.USER));
        Invocation invocation = invocation(method("everything"));

        SecurityException refused = assertThrows(SecurityException.class, () -> interceptor.checkCaller(invocation));
        assertEquals(0, invocation.proceeded, "the method never ran");
        assertEquals(true, refused.getMessage().contains("bob"), refused.getMessage());
        assertEquals("done", interceptor.checkCaller(invocation(method("anyone"))), "a user may call the user method");
    }

    @Test
    void anAnonymousCallerIsRefused() throws Exception {
        var interceptor = new RolesAllowedInterceptor(caller(null));
        assertThrows(SecurityException.class, () -> interceptor.checkCaller(invocation(method("anyone"))));
    }

    private static Method method(String name) throws NoSuchMethodException {
        return AdminService.class.getDeclaredMethod(name);
    }

    private static Invocation invocation(Method method) {
        return new Invocation(method);
    }

    /** A SecurityContext for a caller with these roles (null name: anonymous). */
    private static SecurityContext caller(String name, String... roles) {
        Set<String> granted = Set.of(roles);
        return new SecurityContext() {
            @Override
            public Principal getCallerPrincipal() {
                return name == null ? null : () -> name;
            }

            @Override
            public <T extends Principal> Set<T> getPrincipalsByType(Class<T> type) {
                return Set.of();
            }

            @Override
            public boolean isCallerInRole(String role) {
                return granted.contains(role);
            }

            @Override
            public boolean hasAccessToWebResource(String resource, String... methods) {
                return false;
            }

            @Override
            public AuthenticationStatus authenticate(
                    HttpServletRequest request, HttpServletResponse response, AuthenticationParameters parameters) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final class Invocation implements InvocationContext {
        private final Method method;
        int proceeded;

        Invocation(Method method) {
            this.method = method;
        }

        @Override
        public Object getTarget() {
            return new AdminService();
        }

        @Override
        public Object getTimer() {
            return null;
        }

        @Override
        public Method getMethod() {
            return method;
        }

        @Override
        public Constructor<?> getConstructor() {
            return null;
        }

        @Override
        public Object[] getParameters() {
            return new Object[0];
        }

        @Override
        public void setParameters(Object[] params) {}

        @Override
        public Map<String, Object> getContextData() {
            return Map.of();
        }

        @Override
        public Object proceed() {
            proceeded++;
            return "done";
        }
    }
}
