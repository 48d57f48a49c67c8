package dev.gatehouse.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.testing.FakeInvocation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.security.Principal;
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
        FakeInvocation invocation = invocation(method("everything"));

        SecurityException refused = assertThrows(SecurityException.class, () -> interceptor.checkCaller(invocation));
        assertEquals(0, invocation.proceeded(), "the method never ran");
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

    private static FakeInvocation invocation(Method method) {
        return new FakeInvocation(new AdminService(), method);
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
}
