package dev.gatehouse.session;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sudo mode: the annotated service method (or every method of the annotated class) runs only for a caller whose
 * session proved the password, and the second factor if the user has one, within
 * {@code gatehouse.reauth.window}. Otherwise {@link RecentAuthenticationInterceptor} refuses the call, before any
 * transaction, with {@link ReauthenticationRequiredException}: the web layer then asks for the proofs again and
 * resumes the request once. The caller is the method's {@code Actor} or {@code ValidSession} argument. A session
 * whose role requires a second factor it has not proved is refused outright, except by enrolment methods.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RecentAuthentication {

    /**
     * Whether the method enrols a second factor, and so stays open to a session held to enrolment (its role
     * requires a factor that it has not proved); every other such method refuses that session.
     */
    @Nonbinding
    boolean enrolment() default false;
}
