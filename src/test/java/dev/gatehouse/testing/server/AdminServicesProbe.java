package dev.gatehouse.testing.server;

import dev.gatehouse.admin.UserAdministration;
import dev.gatehouse.audit.Actor;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.session.SessionAdministration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Test-only: calls every admin-only service method directly, as whoever this request's caller is, and reports
 * for each whether the service itself refused. Mapped under the public {@code /test-support/} (so the caller is
 * anonymous) and under {@code /probe/} (so a signed-in caller can be tried): a page that forgot its own check
 * would call the service exactly like this.
 */
@WebServlet({TestSupportServlet.PATH + "admin-services", AdminServicesProbe.SIGNED_IN_PATH})
public class AdminServicesProbe extends HttpServlet {

    public static final String SIGNED_IN_PATH = "/probe/admin-services";

    @Inject
    UserAdministration users;

    @Inject
    SessionAdministration sessions;

    @Inject
    AuditLog audit;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder report = new StringBuilder();
        probe(users, UserAdministration.class, report);
        probe(sessions, SessionAdministration.class, report);
        probe(audit, AuditLog.class, report);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(report.toString());
    }

    /** One line per admin-only public method: {@code Class.method refused|ALLOWED (...)}. */
    private static void probe(Object bean, Class<?> type, StringBuilder report) {
        boolean classIsAdminOnly = type.isAnnotationPresent(RolesAllowed.class);
        Arrays.stream(type.getDeclaredMethods())
                .filter(m ->
                        Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> classIsAdminOnly || m.isAnnotationPresent(RolesAllowed.class))
                .sorted(Comparator.comparing(Method::getName))
                .forEach(m -> report.append(type.getSimpleName())
                        .append('.')
                        .append(m.getName())
                        .append(' ')
                        .append(call(bean, m))
                        .append('\n'));
    }

    private static String call(Object bean, Method method) {
        Object[] arguments = Arrays.stream(method.getParameterTypes())
                .map(AdminServicesProbe::placeholder)
                .toArray();
        try {
            method.invoke(bean, arguments);
            return "ALLOWED";
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            return cause instanceof SecurityException || cause instanceof EJBAccessException
                    ? "refused"
                    : "ALLOWED (then failed: " + cause + ")";
        } catch (IllegalAccessException e) {
            return "ALLOWED? not callable: " + e;
        }
    }

    private static Object placeholder(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == String.class) {
            return "probe";
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == UUID.class) {
            return UUID.randomUUID();
        }
        if (type == Actor.class) {
            return Actor.SYSTEM;
        }
        return null;
    }
}
