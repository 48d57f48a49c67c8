package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.security.Roles;
import dev.gatehouse.session.SessionMetrics;
import dev.gatehouse.session.SessionToken;
import dev.gatehouse.session.SessionValidator;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.Role;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionAuthenticationMechanismTest {

    private static final String ORIGIN = "https://intranet.example.com";
    private static final String METRICS_TOKEN = "m".repeat(40);
    private static final String COOKIE = GatehouseSettings.DEFAULT_COOKIE_NAME;
    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    private final Sessions sessions = new Sessions();
    private final SessionAuthenticationMechanism mechanism = mechanism(sessions);
    private final FakeResponse response = new FakeResponse();

    private static SessionAuthenticationMechanism mechanism(Sessions sessions) {
        GatehouseSettings settings = GatehouseSettings.load(key -> Optional.ofNullable(Map.of(
                        GatehouseSettings.PUBLIC_ORIGIN, ORIGIN,
                        GatehouseSettings.METRICS_TOKEN, METRICS_TOKEN)
                .get(key)));
        SignInChallenge challenge = new SignInChallenge();
        challenge.origin = new PublicOrigin(settings);
        SessionAuthenticationMechanism mechanism = new SessionAuthenticationMechanism();
        mechanism.sessions = sessions;
        mechanism.cookie = new SessionCookie(settings);
        mechanism.publicPaths = new PublicPaths(settings);
        mechanism.challenge = challenge;
        mechanism.metrics = new SessionMetrics() {
            @Override
            public void validated(Duration took) {
                // timing is not what these tests are about
            }
        };
        mechanism.settings = settings;
        return mechanism;
    }

    private AuthenticationStatus authenticate(FakeRequest request, Context context) {
        return mechanism.validateRequest(
                request.servletRequest(), response.servletResponse(), context.httpMessageContext());
    }

    private static ValidSession session(String username, Role... roles) {
        return new ValidSession(
                UUID.randomUUID(),
                7,
                username,
                "Someone",
                Set.of(roles),
                NOW.minusSeconds(60),
                NOW.plus(Duration.ofMinutes(30)),
                NOW.plus(Duration.ofHours(12)),
                Optional.empty());
    }

    private static FakeRequest withCookie(FakeRequest request, String token) {
        return request.header("Cookie", "theme=dark; " + COOKIE + "=" + token);
    }

    @Test
    void aValidSessionSignsItsUserInWithTheirRoles() {
        String token = SessionToken.generate();
        ValidSession ada = session("ada", Role.USER, Role.ADMIN);
        sessions.valid.put(token, ada);
        FakeRequest request = withCookie(FakeRequest.get("/index.xhtml"), token);
        Context context = Context.unprotected();

        AuthenticationStatus status = authenticate(request, context);

        assertEquals(AuthenticationStatus.SUCCESS, status);
        assertEquals("ada", context.caller);
        assertEquals(Set.of(Roles.USER, Roles.ADMIN), context.groups);
        assertSame(ada, request.attribute(CurrentUser.REQUEST_ATTRIBUTE), "CurrentUser reads the session from here");
        assertEquals(List.of(token), sessions.validated);
    }

    @Test
    void aPublicPathIsNotAuthenticatedEvenWithACookie() {
        String token = SessionToken.generate();
        sessions.valid.put(token, session("ada", Role.USER));
        Context context = Context.unprotected();

        AuthenticationStatus status = authenticate(withCookie(FakeRequest.get("/login.xhtml"), token), context);

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertNull(context.caller);
        assertEquals(List.of(), sessions.validated, "no database work for public pages");
    }

    @Test
    void aPublicPathTheContainerProtectsIsAuthenticatedAnyway() {
        String token = SessionToken.generate();
        sessions.valid.put(token, session("ada", Role.USER));
        Context context = Context.containerProtected();

        AuthenticationStatus status = authenticate(withCookie(FakeRequest.get("/login.xhtml"), token), context);

        assertEquals(AuthenticationStatus.SUCCESS, status);
        assertEquals("ada", context.caller);
    }

    @Test
    void aNonCanonicalPathIsRefusedBeforeAnyCookieIsRead() {
        String token = SessionToken.generate();
        sessions.valid.put(token, session("ada", Role.ADMIN));
        FakeRequest request =
                withCookie(FakeRequest.get("/admin/users.xhtml"), token).requestUri("/static/%2e%2e/admin/users.xhtml");
        Context context = Context.containerProtected();

        AuthenticationStatus status = authenticate(request, context);

        assertEquals(AuthenticationStatus.SEND_FAILURE, status);
        assertEquals(HttpServletResponse.SC_BAD_REQUEST, response.status());
        assertNull(context.caller);
        assertEquals(List.of(), sessions.validated);
    }

    @Test
    void anAnonymousVisitorOfAnUnprotectedPathIsLeftToTheFilter() {
        Context context = Context.unprotected();

        AuthenticationStatus status = authenticate(FakeRequest.get("/index.xhtml"), context);

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertNull(context.caller);
        assertEquals(List.of(), response.headers("Set-Cookie"), "no cookie to clear");
        assertEquals(HttpServletResponse.SC_OK, response.status());
    }

    @Test
    void anAnonymousVisitorOfAContainerProtectedPathIsChallenged() {
        AuthenticationStatus status = authenticate(FakeRequest.get("/admin/users.xhtml"), Context.containerProtected());

        assertEquals(AuthenticationStatus.SEND_CONTINUE, status);
        assertEquals(HttpServletResponse.SC_FOUND, response.status());
        assertEquals(ORIGIN + "/login.xhtml?return=%2Fadmin%2Fusers.xhtml", response.header("Location"));
    }

    @Test
    void aCookieThatNoLongerNamesASessionIsClearedAndMarkedForTheFilter() {
        FakeRequest request = withCookie(FakeRequest.get("/index.xhtml"), SessionToken.generate());

        AuthenticationStatus status = authenticate(request, Context.unprotected());

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(1, response.headers("Set-Cookie").size());
        assertTrue(response.header("Set-Cookie").startsWith(COOKIE + "=; Max-Age=0;"), response.header("Set-Cookie"));
        assertEquals(Boolean.TRUE, request.attribute(SessionAuthenticationMechanism.SESSION_ENDED));
    }

    @Test
    void aCookieThatNoLongerNamesASessionOnAContainerProtectedPathIsChallengedWithTheReason() {
        FakeRequest request = withCookie(FakeRequest.get("/admin/users.xhtml"), "not-a-token");

        AuthenticationStatus status = authenticate(request, Context.containerProtected());

        assertEquals(AuthenticationStatus.SEND_CONTINUE, status);
        assertEquals(ORIGIN + "/login.xhtml?return=%2Fadmin%2Fusers.xhtml&reason=ended", response.header("Location"));
        assertTrue(response.header("Set-Cookie").startsWith(COOKIE + "=; Max-Age=0;"), response.header("Set-Cookie"));
    }

    @Test
    void duringAnOutageARecentlyValidatedSessionIsServedFromTheOutageCache() {
        String token = SessionToken.generate();
        sessions.databaseAway = true;
        sessions.recentlyValidated.put(token, session("bob", Role.USER));
        FakeRequest request = withCookie(FakeRequest.get("/index.xhtml"), token);
        Context context = Context.unprotected();

        AuthenticationStatus status = authenticate(request, context);

        assertEquals(AuthenticationStatus.SUCCESS, status);
        assertEquals("bob", context.caller);
        assertEquals(Set.of(Roles.USER), context.groups);
        assertNull(request.attribute(SessionAuthenticationMechanism.DATABASE_UNAVAILABLE));
        assertEquals(List.of(), response.headers("Set-Cookie"), "the cookie is kept");
    }

    @Test
    void anExhaustedPoolIsNoOutageSoNothingIsServedFromTheOutageCache() {
        String token = SessionToken.generate();
        sessions.failure = new IllegalStateException(
                "pool",
                new java.sql.SQLException("Error in allocating a connection. Cause: In-use connections equal "
                        + "max-pool-size and expired max-wait-time. Cannot allocate more connections."));
        sessions.recentlyValidated.put(token, session("bob", Role.USER));
        FakeRequest request = withCookie(FakeRequest.get("/index.xhtml"), token);
        Context context = Context.unprotected();

        authenticate(request, context);

        assertNull(context.caller, "the database is up: a revocation may have committed since bob was cached");
        assertEquals(List.of(), sessions.recalled);
        assertEquals(Boolean.TRUE, request.attribute(SessionAuthenticationMechanism.DATABASE_UNAVAILABLE));
    }

    @Test
    void duringAnOutageAnUnknownSessionOnAnUnprotectedPathIsMarkedForTheFilterAndKeepsItsCookie() {
        sessions.databaseAway = true;
        FakeRequest request = withCookie(FakeRequest.get("/index.xhtml"), SessionToken.generate());
        Context context = Context.unprotected();

        AuthenticationStatus status = authenticate(request, context);

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertNull(context.caller);
        assertEquals(Boolean.TRUE, request.attribute(SessionAuthenticationMechanism.DATABASE_UNAVAILABLE));
        assertNull(request.attribute(SessionAuthenticationMechanism.SESSION_ENDED));
        assertEquals(List.of(), response.headers("Set-Cookie"), "the session may be valid once the database is back");
    }

    @Test
    void duringAnOutageAnUnknownSessionOnAContainerProtectedPathGets503WithRetryAfter() {
        sessions.databaseAway = true;
        FakeRequest request = withCookie(FakeRequest.get("/admin/users.xhtml"), SessionToken.generate());

        AuthenticationStatus status = authenticate(request, Context.containerProtected());

        assertEquals(AuthenticationStatus.SEND_FAILURE, status);
        assertEquals(HttpServletResponse.SC_SERVICE_UNAVAILABLE, response.status());
        assertEquals(RetryAfter.DATABASE_UNAVAILABLE_SECONDS, response.header(RetryAfter.HEADER));
        assertNull(response.header("Location"), "no sign-in redirect");
    }

    @Test
    void aFailureThatIsNoOutageIsABugAndNeverServedFromTheOutageCache() {
        String token = SessionToken.generate();
        sessions.failure = new IllegalStateException("a bug");
        sessions.recentlyValidated.put(token, session("bob", Role.USER));
        FakeRequest request = withCookie(FakeRequest.get("/index.xhtml"), token);

        IllegalStateException thrown =
                assertThrows(IllegalStateException.class, () -> authenticate(request, Context.unprotected()));

        assertSame(sessions.failure, thrown);
        assertEquals(List.of(), sessions.recalled);
    }

    @Test
    void theMetricsScraperIsSignedInByItsBearerTokenOnTheMetricsPathOnly() {
        Context context = Context.unprotected();

        AuthenticationStatus status = authenticate(
                FakeRequest.get("/api/metrics").header("Authorization", "Bearer " + METRICS_TOKEN), context);

        assertEquals(AuthenticationStatus.SUCCESS, status);
        assertEquals(SessionAuthenticationMechanism.METRICS_CALLER, context.caller);
        assertEquals(Set.of(Roles.METRICS), context.groups);

        Context elsewhere = Context.unprotected();
        authenticate(FakeRequest.get("/api/me").header("Authorization", "Bearer " + METRICS_TOKEN), elsewhere);
        assertNull(elsewhere.caller, "the token means nothing on other paths");
    }

    @Test
    void aWrongMetricsTokenSignsNobodyIn() {
        for (String authorization : List.of(
                "Bearer " + METRICS_TOKEN + "x",
                "Bearer " + METRICS_TOKEN.substring(1),
                "Basic " + METRICS_TOKEN,
                "Bearer ")) {
            Context context = Context.unprotected();

            authenticate(FakeRequest.get("/api/metrics").header("Authorization", authorization), context);

            assertNull(context.caller, authorization);
        }
    }

    /** The session validator as the mechanism sees it: answers from maps, or fails like an unreachable database. */
    private static final class Sessions extends SessionValidator {
        final Map<String, ValidSession> valid = new HashMap<>();
        final Map<String, ValidSession> recentlyValidated = new HashMap<>();
        final List<String> validated = new ArrayList<>();
        final List<String> recalled = new ArrayList<>();
        boolean databaseAway;
        RuntimeException failure;

        @Override
        public Optional<ValidSession> validate(String rawToken) {
            validated.add(rawToken);
            if (databaseAway) {
                throw new IllegalStateException("pool", new SQLTransientConnectionException("connection refused"));
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(valid.get(rawToken));
        }

        @Override
        public Optional<ValidSession> validateDuringOutage(String rawToken) {
            recalled.add(rawToken);
            return Optional.ofNullable(recentlyValidated.get(rawToken));
        }
    }

    /** What the container tells the mechanism about the request, and what the mechanism told the container. */
    private static final class Context {
        private final boolean isProtected;
        String caller;
        Set<String> groups;

        private Context(boolean isProtected) {
            this.isProtected = isProtected;
        }

        /** A path {@code web.xml} constrains, such as {@code /admin/*}. */
        static Context containerProtected() {
            return new Context(true);
        }

        static Context unprotected() {
            return new Context(false);
        }

        @SuppressWarnings("unchecked")
        HttpMessageContext httpMessageContext() {
            return (HttpMessageContext) Proxy.newProxyInstance(
                    Context.class.getClassLoader(),
                    new Class<?>[] {HttpMessageContext.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "isProtected" -> isProtected;
                        case "doNothing" -> AuthenticationStatus.NOT_DONE;
                        case "notifyContainerAboutLogin" -> {
                            if (args.length != 2 || !(args[0] instanceof String)) {
                                throw new UnsupportedOperationException("only the name-and-groups form is faked");
                            }
                            caller = (String) args[0];
                            groups = Set.copyOf((Set<String>) args[1]);
                            yield AuthenticationStatus.SUCCESS;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }
}
