package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInChallengeTest {

    private static final String ORIGIN = "https://intranet.example.com";

    private final SignInChallenge challenge = challenge();
    private final FakeResponse response = new FakeResponse();

    private static SignInChallenge challenge() {
        SignInChallenge challenge = new SignInChallenge();
        challenge.origin = new PublicOrigin(GatehouseSettings.load(key -> Optional.ofNullable(
                Map.of(GatehouseSettings.PUBLIC_ORIGIN, ORIGIN).get(key))));
        return challenge;
    }

    private void send(FakeRequest request, boolean hadSession) throws Exception {
        challenge.send(request.servletRequest(), response.servletResponse(), hadSession);
    }

    @Test
    void aPageRequestIsRedirectedToSignInWithItsPathAndQueryToReturnTo() throws Exception {
        send(FakeRequest.get("/account/sessions.xhtml").query("sort=ip&page=2").contextPath("/gh"), false);

        assertEquals(HttpServletResponse.SC_FOUND, response.status());
        assertEquals(
                ORIGIN + "/gh/login.xhtml?return=%2Faccount%2Fsessions.xhtml%3Fsort%3Dip%26page%3D2",
                response.header("Location"));
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void theHomePageNeedsNoReturnTarget() throws Exception {
        send(FakeRequest.get("/"), false);

        assertEquals(ORIGIN + "/login.xhtml", response.header("Location"));
    }

    @Test
    void aPostIsNotReturnedToBecauseItsFormIsGone() throws Exception {
        send(FakeRequest.post("/account/password.xhtml"), false);

        assertEquals(HttpServletResponse.SC_FOUND, response.status());
        assertEquals(ORIGIN + "/login.xhtml", response.header("Location"));
    }

    @Test
    void anEndedSessionIsGivenAsTheReason() throws Exception {
        send(FakeRequest.get("/account/sessions.xhtml"), true);
        assertEquals(
                ORIGIN + "/login.xhtml?return=%2Faccount%2Fsessions.xhtml&reason=ended", response.header("Location"));
    }

    @Test
    void anEndedSessionOnAPostIsTheOnlyParameter() throws Exception {
        send(FakeRequest.post("/account/password.xhtml"), true);
        assertEquals(ORIGIN + "/login.xhtml?reason=ended", response.header("Location"));
    }

    @Test
    void anUnsafeReturnTargetIsDropped() throws Exception {
        send(FakeRequest.get("/account/sessions.xhtml").query("next=//evil.example/x y"), false);

        assertEquals(ORIGIN + "/login.xhtml", response.header("Location"), "the query holds whitespace");
    }

    @Test
    void anApiCallGets401AsJsonAndNoRedirect() throws Exception {
        send(FakeRequest.get("/api/me"), true);

        assertEquals(HttpServletResponse.SC_UNAUTHORIZED, response.status());
        assertEquals("application/json", response.contentType());
        assertEquals("{\"error\":\"unauthenticated\",\"message\":\"Sign in to use this API.\"}", response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        assertNull(response.header("Location"));
    }

    @Test
    void aFacesAjaxRequestGetsAPartialResponseRedirectBecauseItCannotFollowA302() throws Exception {
        send(
                FakeRequest.post("/account/sessions.xhtml").contextPath("/gh").header("Faces-Request", "partial/ajax"),
                true);

        assertEquals(HttpServletResponse.SC_OK, response.status());
        assertEquals("text/xml", response.contentType());
        assertEquals("UTF-8", response.characterEncoding());
        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response>"
                        + "<redirect url=\"/gh/login.xhtml?reason=ended\"/></partial-response>",
                response.body());
        assertNull(response.header("Location"));
    }

    @Test
    void anAmpersandInThePartialResponseRedirectIsEscapedForXml() throws Exception {
        send(FakeRequest.get("/index.xhtml").header("Faces-Request", "partial/ajax"), true);

        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response>"
                        + "<redirect url=\"/login.xhtml?return=%2Findex.xhtml&amp;reason=ended\"/></partial-response>",
                response.body());
    }
}
