package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.web.CsrfTokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Forges a form every way a cross-site attacker or a stolen link could: the same submission by GET and HEAD (a
 * "GET postback"), as a cross-site POST, a same-site POST from another origin, a POST without a token, with an
 * empty token and with another session's token. Each must be refused and change nothing in the database; then the
 * genuine submission must work, so the refusals are not an accident.
 */
public final class Forgeries {

    /** The origin of the attacker's site. */
    public static final String EVIL = "https://evil.example";

    private final TestClient client;
    private final TestDatabase db;

    /** One form as a page renders it: where it posts, its fields, and whose browser (cookies) posts it. */
    public record Form(String page, String formId, String button, Map<String, String> fields, String cookies) {}

    public Forgeries(TestClient client, TestDatabase db) {
        this.client = client;
        this.db = db;
    }

    /**
     * Sends every forgery of {@code form}, checking each is refused with nothing changed, then the genuine
     * submission, checking it changed something; returns the genuine response.
     */
    public HttpResponse<String> assertOnlyTheGenuineSubmissionWorks(Form form, String othersToken) {
        Map<String, String> genuine = form.fields();
        Map<String, String> withoutToken = new LinkedHashMap<>(genuine);
        withoutToken.remove(CsrfTokens.FIELD);
        Map<String, String> emptyToken = new LinkedHashMap<>(genuine);
        emptyToken.put(CsrfTokens.FIELD, "");
        Map<String, String> stolenToken = new LinkedHashMap<>(genuine);
        stolenToken.put(CsrfTokens.FIELD, othersToken);
        String query = form.page() + (form.page().contains("?") ? "&" : "?") + encode(genuine);

        String before = db.snapshot();
        List<String> failures = new ArrayList<>();
        expect(failures, "GET postback", 400, client.get(query, "Cookie", form.cookies()));
        expect(failures, "HEAD postback", 400, client.send("HEAD", query, "Cookie", form.cookies()));
        expect(failures, "cross-site POST", 403, post(form, genuine, "Sec-Fetch-Site", "cross-site", "Origin", EVIL));
        expect(failures, "cross-site POST without Fetch Metadata", 403, post(form, genuine, "Origin", EVIL));
        expect(failures, "cross-site POST with only a Referer", 403, post(form, genuine, "Referer", EVIL + "/x"));
        expect(failures, "POST from a sandboxed frame", 403, post(form, genuine, "Origin", "null"));
        expect(
                failures,
                "same-site POST from another origin",
                403,
                post(form, genuine, "Sec-Fetch-Site", "same-site", "Origin", "http://other.127.0.0.1.nip.example"));
        expect(failures, "POST without a token", 403, post(form, withoutToken));
        expect(
                failures,
                "same-origin POST without a token",
                403,
                post(form, withoutToken, "Sec-Fetch-Site", "same-origin", "Origin", client.origin()));
        expect(failures, "POST with an empty token", 403, post(form, emptyToken));
        expect(failures, "POST with another session's token", 403, post(form, stolenToken));
        assertEquals(List.of(), failures, form.page());
        assertEquals(before, db.snapshot(), "no forgery changed anything: " + form.page());

        HttpResponse<String> response = post(form, genuine, "Sec-Fetch-Site", "same-origin", "Origin", client.origin());
        assertTrue(
                response.statusCode() == 200 || response.statusCode() == 302,
                "the genuine submission works: " + response.statusCode() + " " + response.body());
        assertNotEquals(before, db.snapshot(), "the genuine submission changed something: " + form.page());
        return response;
    }

    private static void expect(List<String> failures, String attempt, int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            failures.add(attempt + ": expected " + status + ", got " + response.statusCode());
        }
    }

    private HttpResponse<String> post(Form form, Map<String, String> fields, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = form.cookies();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return client.postForm(form.page(), fields, all);
    }

    /** Loads {@code page} as the holder of {@code token} and fills its form {@code formId}. */
    public Form formOf(String page, String formId, String button, String token, Map<String, String> typed) {
        HttpResponse<String> loaded = client.getWithSession(page, token);
        assertEquals(200, loaded.statusCode(), page);
        return form(page, loaded.body(), formId, button, TestClient.COOKIE_NAME + "=" + token, typed);
    }

    /** The form {@code formId} of {@code html} as {@code button} submits it, with {@code typed} as the typed values. */
    public static Form form(
            String page, String html, String formId, String button, String cookies, Map<String, String> typed) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(formId, formId);
        typed.forEach((id, value) -> fields.put(formId + ":" + id, value));
        fields.put(formId + ":" + button, "x");
        fields.put("jakarta.faces.ViewState", TestClient.viewState(html));
        fields.put(CsrfTokens.FIELD, TestClient.csrfToken(html));
        return new Form(page, formId, button, fields, cookies);
    }

    /** The form with extra fields outside the Faces form's naming, such as a hidden {@code id}. */
    public static Form withPlainFields(Form form, Map<String, String> plain) {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.putAll(plain);
        return new Form(form.page(), form.formId(), form.button(), fields, form.cookies());
    }

    /** The form token the session {@code token} gets on {@code page}: an attacker's own, to try on a victim. */
    public String tokenFor(String page, String token) {
        return TestClient.csrfToken(client.getWithSession(page, token).body());
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
