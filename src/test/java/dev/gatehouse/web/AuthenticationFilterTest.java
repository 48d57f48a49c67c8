package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.security.Roles;
import dev.gatehouse.session.SecondFactorPolicy;
import dev.gatehouse.session.ValidSession;
import dev.gatehouse.user.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationFilterTest {

    private static final String ORIGIN = "https://intranet.example.com";

    private AuthenticationFilter filter = filter(Map.of(GatehouseSettings.PUBLIC_ORIGIN, ORIGIN));
    private final Chain chain = new Chain();
    private final FakeResponse response = new FakeResponse();

    private static AuthenticationFilter filter(Map<String, String> values) {
        GatehouseSettings settings = GatehouseSettings.load(key -> Optional.ofNullable(values.get(key)));
        SignInChallenge challenge = new SignInChallenge();
        challenge.origin = new PublicOrigin(settings);
        AuthenticationFilter filter = new AuthenticationFilter();
        filter.publicPaths = new PublicPaths(settings);
        filter.challenge = challenge;
        filter.origin = challenge.origin;
        filter.policy = new SecondFactorPolicy(null, null, settings);
        return filter;
    }

    private void run(FakeRequest request) throws Exception {
        filter.doFilter(request.servletRequest(), response.servletResponse(), chain);
    }

    @Test
    void aPublicPathPassesWithoutASession() throws Exception {
        run(FakeRequest.get("/login.xhtml"));

        assertEquals(1, chain.passed);
        assertEquals(HttpServletResponse.SC_OK, response.status());
        assertNull(response.header("Location"));
    }

    @Test
    void anAnonymousVisitorOfAProtectedPageIsSentToSignInAndBackAfterwards() throws Exception {
        run(FakeRequest.get("/account/sessions.xhtml").query("page=2"));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_FOUND, response.status());
        assertEquals(
                ORIGIN + "/login.xhtml?return=%2Faccount%2Fsessions.xhtml%3Fpage%3D2", response.header("Location"));
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void anAnonymousVisitorWhoseSessionEndedIsToldWhy() throws Exception {
        run(FakeRequest.get("/index.xhtml").attribute(SessionAuthenticationMechanism.SESSION_ENDED, Boolean.TRUE));

        assertEquals(0, chain.passed);
        assertEquals(ORIGIN + "/login.xhtml?return=%2Findex.xhtml&reason=ended", response.header("Location"));
    }

    @Test
    void anAnonymousApiCallGets401AsJson() throws Exception {
        run(FakeRequest.get("/api/me"));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_UNAUTHORIZED, response.status());
        assertEquals("application/json", response.contentType());
        assertTrue(response.body().contains("\"error\":\"unauthenticated\""), response.body());
        assertNull(response.header("Location"));
    }

    @Test
    void anAnonymousPageRequestDuringADatabaseOutageGets503WithRetryAfterInsteadOfTheSignInPage() throws Exception {
        run(FakeRequest.get("/index.xhtml")
                .attribute(SessionAuthenticationMechanism.DATABASE_UNAVAILABLE, Boolean.TRUE));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_SERVICE_UNAVAILABLE, response.status());
        assertTrue(response.errorSent(), "the 503 error page answers");
        assertEquals(RetryAfter.DATABASE_UNAVAILABLE_SECONDS, response.header(RetryAfter.HEADER));
        assertNull(response.header("Location"), "no sign-in redirect: the session may well be valid");
    }

    @Test
    void anAnonymousApiCallDuringADatabaseOutageGets503AsJson() throws Exception {
        run(FakeRequest.get("/api/me").attribute(SessionAuthenticationMechanism.DATABASE_UNAVAILABLE, Boolean.TRUE));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_SERVICE_UNAVAILABLE, response.status());
        assertFalse(response.errorSent(), "the API answers JSON, not the HTML error page");
        assertEquals(RetryAfter.DATABASE_UNAVAILABLE_SECONDS, response.header(RetryAfter.HEADER));
        assertEquals("application/json", response.contentType());
        assertTrue(response.body().contains("\"error\":\"unavailable\""), response.body());
    }

    @Test
    void aSignedInUserPassesAndTheAnswerIsNeverCached() throws Exception {
        run(FakeRequest.get("/index.xhtml").signedInAs("bob", Roles.USER));

        assertEquals(1, chain.passed);
        assertEquals(HttpServletResponse.SC_OK, response.status());
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
    void aSignedInNonAdminIsRefusedTheAdminPagesWhateverTheMethod(String method) throws Exception {
        run(FakeRequest.to(method, "/admin/users.xhtml").signedInAs("bob", Roles.USER));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_FORBIDDEN, response.status());
        assertTrue(response.errorSent());
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void theAdminFolderItselfIsAnAdminPath() throws Exception {
        run(FakeRequest.get("/admin").signedInAs("bob", Roles.USER));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_FORBIDDEN, response.status());
    }

    @Test
    void aPathThatOnlyStartsWithAdminIsNoAdminPath() throws Exception {
        run(FakeRequest.get("/administrator.xhtml").signedInAs("bob", Roles.USER));

        assertEquals(1, chain.passed);
        assertEquals(HttpServletResponse.SC_OK, response.status());
    }

    @Test
    void anAdminPassesOnTheAdminPages() throws Exception {
        run(FakeRequest.post("/admin/users.xhtml").signedInAs("ada", Roles.USER, Roles.ADMIN));

        assertEquals(1, chain.passed);
        assertEquals(HttpServletResponse.SC_OK, response.status());
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void theDecisionIsMadeOnTheMappedPathNotTheRawUri() throws Exception {
        run(FakeRequest.get("/admin/users.xhtml")
                .requestUri("/static/../admin/users.xhtml")
                .signedInAs("bob", Roles.USER));

        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_FORBIDDEN, response.status());
    }

    @Test
    void aSessionWhoseRoleRequiresASecondFactorItNeverProvedMayOnlyEnrol() throws Exception {
        run(FakeRequest.get("/admin/users.xhtml")
                .signedInAs("ada", Roles.USER, Roles.ADMIN)
                .attribute(CurrentUser.REQUEST_ATTRIBUTE, session(false, Role.USER, Role.ADMIN)));
        assertEquals(0, chain.passed);
        assertEquals(HttpServletResponse.SC_FOUND, response.status());
        assertEquals(ORIGIN + "/account/two-factor.xhtml?notice=required", response.header("Location"));

        run(FakeRequest.post("/account/two-factor.xhtml")
                .signedInAs("ada", Roles.USER, Roles.ADMIN)
                .attribute(CurrentUser.REQUEST_ATTRIBUTE, session(false, Role.USER, Role.ADMIN)));
        assertEquals(1, chain.passed, "enrolment stays open");
    }

    @Test
    void aProvedSecondFactorOrARoleWithoutThePolicyPasses() throws Exception {
        run(FakeRequest.get("/admin/users.xhtml")
                .signedInAs("ada", Roles.USER, Roles.ADMIN)
                .attribute(CurrentUser.REQUEST_ATTRIBUTE, session(true, Role.USER, Role.ADMIN)));
        run(FakeRequest.get("/index.xhtml")
                .signedInAs("bob", Roles.USER)
                .attribute(CurrentUser.REQUEST_ATTRIBUTE, session(false, Role.USER)));

        assertEquals(2, chain.passed);
    }

    @Test
    void aRoleThatAcceptsOnlyPasskeysHoldsASessionThatProvedACodeUntilItProvesAPasskey() throws Exception {
        filter = filter(Map.of(
                GatehouseSettings.PUBLIC_ORIGIN,
                ORIGIN,
                GatehouseSettings.SECRET_KEY,
                "dGVzdC1vbmx5IGtleTsgbmV2ZXIgcHJvZHVjdGlvbiE=",
                GatehouseSettings.MFA_REQUIRED_ROLES,
                "admin" + GatehouseSettings.PASSKEY_SUFFIX));
        run(FakeRequest.get("/admin/users.xhtml")
                .signedInAs("ada", Roles.USER, Roles.ADMIN)
                .attribute(
                        CurrentUser.REQUEST_ATTRIBUTE,
                        session(Optional.of(SecondFactors.Proof.Kind.TOTP), Role.USER, Role.ADMIN)));
        assertEquals(0, chain.passed, "an authenticator app's code does not satisfy admin:passkey");
        assertEquals(ORIGIN + "/account/passkeys.xhtml?notice=required", response.header("Location"));

        run(FakeRequest.post("/account/passkeys.xhtml")
                .signedInAs("ada", Roles.USER, Roles.ADMIN)
                .attribute(
                        CurrentUser.REQUEST_ATTRIBUTE,
                        session(Optional.of(SecondFactors.Proof.Kind.RECOVERY_CODE), Role.USER, Role.ADMIN)));
        run(FakeRequest.get("/admin/users.xhtml")
                .signedInAs("ada", Roles.USER, Roles.ADMIN)
                .attribute(
                        CurrentUser.REQUEST_ATTRIBUTE,
                        session(Optional.of(SecondFactors.Proof.Kind.PASSKEY), Role.USER, Role.ADMIN)));
        run(FakeRequest.get("/index.xhtml")
                .signedInAs("bob", Roles.USER)
                .attribute(CurrentUser.REQUEST_ATTRIBUTE, session(Optional.empty(), Role.USER)));
        assertEquals(3, chain.passed, "the passkey page stays open; a passkey lifts the hold; others are not held");
    }

    private static ValidSession session(boolean secondFactorProved, Role... roles) {
        return session(secondFactorProved ? Optional.of(SecondFactors.Proof.Kind.TOTP) : Optional.empty(), roles);
    }

    private static ValidSession session(Optional<SecondFactors.Proof.Kind> secondFactor, Role... roles) {
        Instant now = Instant.now();
        return new ValidSession(
                UUID.randomUUID(),
                1,
                "ada",
                "Ada",
                Set.of(roles),
                now,
                now.plusSeconds(600),
                now.plusSeconds(3600),
                secondFactor);
    }

    /** Counts the requests the filter let through. */
    private static final class Chain implements FilterChain {
        int passed;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            passed++;
        }
    }
}
