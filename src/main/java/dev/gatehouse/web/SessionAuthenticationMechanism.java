package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.security.Roles;
import dev.gatehouse.session.SessionMetrics;
import dev.gatehouse.session.SessionValidator;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells the container who is signed in: reads the session cookie, validates it through {@link SessionValidator}
 * and hands the user and roles to Jakarta Security. From then on {@code getUserPrincipal()},
 * {@code isUserInRole()}, {@code SecurityContext}, {@code @RolesAllowed} and {@code web.xml} security constraints
 * all see the Gatehouse user. Paths the container itself protects are answered here (sign-in redirect, 401, 503);
 * everything else is enforced by {@link AuthenticationFilter}, which reads what this left on the request.
 */
@ApplicationScoped
public class SessionAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Request attribute set when the session could not be checked because the database is unreachable. */
    static final String DATABASE_UNAVAILABLE = SessionAuthenticationMechanism.class.getName() + ".databaseUnavailable";
    /** Request attribute set when the browser sent a session cookie that is no longer valid. */
    static final String SESSION_ENDED = SessionAuthenticationMechanism.class.getName() + ".sessionEnded";

    /** The one path a metrics bearer token is accepted on. */
    static final String METRICS_PATH = "/api/metrics";

    static final String METRICS_CALLER = "metrics-scraper";

    private static final System.Logger LOG = System.getLogger(SessionAuthenticationMechanism.class.getName());
    private static final String BEARER = "Bearer ";

    @Inject
    SessionValidator sessions;

    @Inject
    SessionCookie cookie;

    @Inject
    PublicPaths publicPaths;

    @Inject
    SignInChallenge challenge;

    @Inject
    SessionMetrics metrics;

    @Inject
    GatehouseSettings settings;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        try {
            return authenticate(request, response, context);
        } catch (IOException e) {
            // the client went away while we answered it; nothing is signed in on this request
            LOG.log(Level.DEBUG, "Could not answer an unauthenticated request: {0}", e.toString());
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    private AuthenticationStatus authenticate(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) throws IOException {
        if (CanonicalPathFilter.problem(request).isPresent()) {
            // never authenticate a path that could be read two ways; CanonicalPathFilter explains the 400
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return AuthenticationStatus.SEND_FAILURE;
        }
        String path = PublicPaths.pathOf(request);
        if (!context.isProtected() && publicPaths.isPublic(path)) {
            return context.doNothing();
        }
        if (path.equals(METRICS_PATH) && presentsMetricsToken(request)) {
            return context.notifyContainerAboutLogin(METRICS_CALLER, Set.of(Roles.METRICS));
        }
        Optional<String> token = cookie.read(request);
        Optional<ValidSession> session;
        try {
            session = token.flatMap(this::validate);
        } catch (RuntimeException failure) {
            if (!DatabaseUnavailableException.isCauseOf(failure)) {
                throw failure; // a bug, not an outage: a 500 with a reference, never a session from the outage cache
            }
            RuntimeException databaseAway = failure;
            // the outage grace: sessions this node validated shortly before keep working; anything else waits. Not
            // when the pool is merely exhausted: the database is up then, and a revocation may have committed
            session = DatabaseUnavailableException.isPoolExhaustion(failure)
                    ? Optional.empty()
                    : token.flatMap(sessions::validateDuringOutage);
            LOG.log(
                    Level.WARNING,
                    "Session database unavailable ({0}); {1}",
                    databaseAway.toString(),
                    session.isPresent() ? "serving a recently validated session" : "answering 503");
            if (session.isEmpty()) {
                request.setAttribute(DATABASE_UNAVAILABLE, Boolean.TRUE);
                if (context.isProtected()) {
                    response.setHeader(RetryAfter.HEADER, RetryAfter.DATABASE_UNAVAILABLE_SECONDS);
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    return AuthenticationStatus.SEND_FAILURE;
                }
                return context.doNothing();
            }
        }
        if (session.isPresent()) {
            ValidSession valid = session.get();
            request.setAttribute(CurrentUser.REQUEST_ATTRIBUTE, valid);
            return context.notifyContainerAboutLogin(
                    valid.username(), valid.roles().stream().map(Role::roleName).collect(Collectors.toSet()));
        }
        if (token.isPresent()) {
            cookie.clear(response);
            request.setAttribute(SESSION_ENDED, Boolean.TRUE);
        }
        if (context.isProtected()) {
            challenge.send(request, response, token.isPresent());
            return AuthenticationStatus.SEND_CONTINUE;
        }
        return context.doNothing();
    }

    /** Whether the request carries {@code Authorization: Bearer <gatehouse.metrics.token>} (constant-time). */
    private boolean presentsMetricsToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return settings.metricsToken().isPresent()
                && authorization != null
                && authorization.startsWith(BEARER)
                && MessageDigest.isEqual(
                        settings.metricsToken().get().getBytes(StandardCharsets.UTF_8),
                        authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    private Optional<ValidSession> validate(String token) {
        long started = System.nanoTime();
        Optional<ValidSession> session = sessions.validate(token);
        metrics.validated(Duration.ofNanos(System.nanoTime() - started));
        return session;
    }
}
