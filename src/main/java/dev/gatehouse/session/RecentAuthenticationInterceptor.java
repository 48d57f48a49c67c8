package dev.gatehouse.session;

import dev.gatehouse.audit.Actor;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Enforces {@link RecentAuthentication}: finds the calling session in the method's arguments (an {@link Actor} or a
 * {@link ValidSession}) and lets the call through only if {@link Reauthentication#standing} says its proofs are
 * recent. Runs after the role check and before the transaction, so a refused call touches no data. A call without
 * a session (the system, or a method that takes no caller) is a bug and refused outright.
 */
@RecentAuthentication
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 20)
public class RecentAuthenticationInterceptor {

    private final Reauthentication reauthentication;

    @Inject
    public RecentAuthenticationInterceptor(Reauthentication reauthentication) {
        this.reauthentication = reauthentication;
    }

    @AroundInvoke
    public Object checkRecentProof(InvocationContext invocation) throws Exception {
        String action = invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                + invocation.getMethod().getName();
        Caller caller = callerOf(invocation.getParameters())
                .orElseThrow(() -> new SecurityException(action + " needs a signed-in caller with a session"));
        Reauthentication.Standing standing = reauthentication.standing(caller.sessionId(), caller.userId());
        boolean enrolment = enrolment(invocation.getMethod());
        if (!enrolment
                && (standing == Reauthentication.Standing.ENROL_FIRST
                        || standing == Reauthentication.Standing.ENROL_FIRST_NOT_RECENT)) {
            throw new SecurityException(action + ": the caller's role requires a second factor; enrol one first");
        }
        if (standing != Reauthentication.Standing.RECENT && standing != Reauthentication.Standing.ENROL_FIRST) {
            throw new ReauthenticationRequiredException(caller.sessionId(), action);
        }
        return invocation.proceed();
    }

    /** Whether the method (or its class) is declared an enrolment. */
    static boolean enrolment(Method method) {
        RecentAuthentication declared = method.getAnnotation(RecentAuthentication.class);
        if (declared == null) {
            declared = method.getDeclaringClass().getAnnotation(RecentAuthentication.class);
        }
        return declared != null && declared.enrolment();
    }

    /** The session and user asking, from the first argument that names both. */
    static Optional<Caller> callerOf(Object[] arguments) {
        return Arrays.stream(arguments)
                .map(RecentAuthenticationInterceptor::callerIn)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Caller> callerIn(Object argument) {
        if (argument instanceof ValidSession session) {
            return Optional.of(new Caller(session.sessionId(), session.userId()));
        }
        if (argument instanceof Actor actor
                && actor.party() != null
                && actor.party().id() != null) {
            return actor.sessionId().map(id -> new Caller(id, actor.party().id()));
        }
        return Optional.empty();
    }

    record Caller(UUID sessionId, long userId) {}
}
