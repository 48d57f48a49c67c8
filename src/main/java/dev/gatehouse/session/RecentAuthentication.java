package dev.gatehouse.session;

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
 * resumes the request once. The caller is the method's {@code Actor} or {@code ValidSession} argument.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RecentAuthentication {}
