package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.web.CsrfTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Second factors through the pages, as a browser uses them: the second step of a sign-in, enrolment (forced at
 * sign-in or from the account page), and the sudo-mode prompt.
 */
public final class TwoStep {

    public static final String PENDING_COOKIE_NAME = TestClient.COOKIE_NAME + "-pending";
    public static final String HELD_COOKIE_NAME = TestClient.COOKIE_NAME + "-held";

    private static final Pattern RECOVERY_CODE = Pattern.compile("<code class=\"recovery-code\">([a-z0-9-]+)</code>");
    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"\\s*/?>");
    private static final Pattern RESUME_ACTION =
            Pattern.compile("<form id=\"resume\" method=\"post\" action=\"([^\"]+)\"");

    private final TestClient client;

    public TwoStep(TestClient client) {
        this.client = client;
    }

    /** The password step: must answer with a redirect to {@code page} and a pending cookie. @return its token */
    public String password(String username, String password, String page) {
        HttpResponse<String> response = client.signIn(username, password, null);
        assertEquals(302, response.statusCode(), "the password step answers with a redirect");
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals(client.base() + page, location, "the password step leads to " + page);
        return TestClient.cookie(response, PENDING_COOKIE_NAME)
                .orElseThrow(() -> new AssertionError("No pending sign-in cookie"))
                .value();
    }

    /** Types {@code code} on the second-step page with the pending state {@code pending}. */
    public HttpResponse<String> code(String pending, String code) {
        return publicForm("/login-code.xhtml", pending, "code", "submit", Map.of("value", code));
    }

    /** Types {@code code} on the forced-enrolment page. */
    public HttpResponse<String> enrolAtSignIn(String pending, String code) {
        return publicForm("/login-enrol.xhtml", pending, "enrol", "submit", Map.of("code", code));
    }

    /** The forced-enrolment page of the pending state. */
    public HttpResponse<String> enrolmentPage(String pending) {
        return client.get("/login-enrol.xhtml", "Cookie", PENDING_COOKIE_NAME + "=" + pending);
    }

    /**
     * Adds an authenticator from the account page of the holder of {@code token}: starts, reads the secret, types
     * the code for the server's current time. @return the app, the recovery codes shown and the session's new token
     */
    public Enrolled enrolFromAccount(String token, TestServer server) {
        HttpResponse<String> started = client.submit("/account/two-factor.xhtml", token, "start", "submit", Map.of());
        assertEquals(200, started.statusCode(), started.body());
        Authenticator app = Authenticator.fromPage(started.body());
        HttpResponse<String> confirmed = client.submit(
                "/account/two-factor.xhtml", token, "confirm", "submit", Map.of("code", app.codeAt(server.now())));
        List<String> codes = recoveryCodes(confirmed.body());
        assertEquals(10, codes.size(), confirmed.body());
        String rotated = TestClient.sessionCookie(confirmed)
                .orElseThrow(() -> new AssertionError("enrolling rotates the session token"))
                .value();
        return new Enrolled(app, codes, rotated);
    }

    /** An authenticator just added, with the recovery codes shown once and the session's new token. */
    public record Enrolled(Authenticator app, List<String> recoveryCodes, String token) {}

    /** The recovery codes a page shows. */
    public static List<String> recoveryCodes(String html) {
        List<String> codes = new ArrayList<>();
        Matcher m = RECOVERY_CODE.matcher(html);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /**
     * The sudo prompt: loads {@code confirmPath} (where the refused action redirected) with the held cookie, types the
     * password and code.
     */
    public HttpResponse<String> confirm(
            String token, String heldKey, String confirmPath, String password, String code) {
        String cookies =
                TestClient.COOKIE_NAME + "=" + token + (heldKey == null ? "" : "; " + HELD_COOKIE_NAME + "=" + heldKey);
        HttpResponse<String> page = client.get(confirmPath, "Cookie", cookies);
        assertEquals(200, page.statusCode(), page.body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("confirm", "confirm");
        Matcher held =
                Pattern.compile("name=\"confirm:held\" value=\"([^\"]*)\"").matcher(page.body());
        form.put("confirm:held", held.find() ? held.group(1) : "");
        form.put("confirm:password", password);
        if (code != null) {
            form.put("confirm:code", code);
        }
        form.put("confirm:submit", "x");
        form.put("jakarta.faces.ViewState", TestClient.viewState(page.body()));
        form.put(CsrfTokens.FIELD, TestClient.csrfToken(page.body()));
        return client.postForm("/confirm.xhtml", form, "Cookie", cookies);
    }

    /** Sends the resubmission form a successful sudo prompt rendered, as the page's script does, with {@code token}. */
    public HttpResponse<String> resume(String resumePage, String token) {
        Matcher action = RESUME_ACTION.matcher(resumePage);
        if (!action.find()) {
            throw new AssertionError("No resubmission form on the page:\n" + resumePage);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(resumePage.substring(action.start()));
        while (hidden.find()) {
            fields.put(unescape(hidden.group(1)), unescape(hidden.group(2)));
        }
        return client.postForm(unescape(action.group(1)), fields, "Cookie", TestClient.COOKIE_NAME + "=" + token);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#43;", "+")
                .replace("&#47;", "/")
                .replace("&#61;", "=")
                .replace("&amp;", "&");
    }

    /** A form on a public page that needs the pending cookie: load, then post with the pre-session cookie it set. */
    private HttpResponse<String> publicForm(
            String path, String pending, String formId, String buttonId, Map<String, String> fields) {
        String cookies = PENDING_COOKIE_NAME + "=" + pending;
        HttpResponse<String> page = client.get(path, "Cookie", cookies);
        if (page.statusCode() != 200) {
            return page;
        }
        String withPresession = cookies
                + TestClient.presessionCookie(page)
                        .map(c -> "; " + TestClient.PRESESSION_COOKIE_NAME + "=" + c.value())
                        .orElse("");
        Map<String, String> form = new LinkedHashMap<>();
        form.put(formId, formId);
        fields.forEach((id, value) -> form.put(formId + ":" + id, value));
        form.put(formId + ":" + buttonId, "x");
        form.put("jakarta.faces.ViewState", TestClient.viewState(page.body()));
        form.put(CsrfTokens.FIELD, TestClient.csrfToken(page.body()));
        return client.postForm(path, form, "Cookie", withPresession);
    }
}
