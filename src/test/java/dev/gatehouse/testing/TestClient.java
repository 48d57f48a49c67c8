package dev.gatehouse.testing;

import dev.gatehouse.web.CsrfTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plain HTTP client for the deployed application that never follows redirects and keeps no cookies of its
 * own, so tests see and control exactly what goes over the wire. Talks to 127.0.0.1 only.
 */
public final class TestClient {

    public static final String COOKIE_NAME = "__Host-gatehouse";
    /** The pre-session cookie the sign-in form's CSRF token is bound to. */
    public static final String PRESESSION_COOKIE_NAME = COOKIE_NAME + "-csrf";
    /** The cookie that marks a browser its user signed in from. */
    public static final String DEVICE_COOKIE_NAME = COOKIE_NAME + "-device";

    private static final Pattern VIEW_STATE =
            Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]*)\"");
    private static final Pattern CSRF_TOKEN =
            Pattern.compile("name=\"" + CsrfTokens.FIELD + "\"[^>]*value=\"([^\"]*)\"");

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder()
            // as browsers speak to a plain-HTTP server: no h2c upgrade attempts
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Arquillian reports the machine's external address; tests talk to loopback only. */
    public TestClient(URL deploymentUrl) {
        this(URI.create("http://127.0.0.1:" + deploymentUrl.getPort()), REQUEST_TIMEOUT);
    }

    private TestClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    /** The same client, waiting up to {@code timeout} for each answer (for requests whose work is known to be long). */
    public TestClient withTimeout(Duration timeout) {
        return new TestClient(base, timeout);
    }

    public URI base() {
        return base;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    /** A request with any method and no body. */
    public HttpResponse<String> send(String method, String path, String... headers) {
        return send(
                HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()),
                headers);
    }

    public HttpResponse<String> getWithSession(String path, String token) {
        return get(path, "Cookie", COOKIE_NAME + "=" + token);
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)), all);
    }

    /** Submits the login form the way a browser would: load the page, then post its form. */
    public HttpResponse<String> signIn(String username, String password, String returnTo) {
        return signIn(username, password, returnTo, null);
    }

    /** Signs in from a browser that still holds {@code existingToken} (may be null). */
    public HttpResponse<String> signIn(String username, String password, String returnTo, String existingToken) {
        return signIn(username, password, returnTo, existingToken, null);
    }

    /**
     * Signs in from a browser that may hold a session token and a device cookie (either may be null), sending
     * {@code headers} (name, value, ...) with the form post.
     */
    public HttpResponse<String> signIn(
            String username,
            String password,
            String returnTo,
            String existingToken,
            String deviceToken,
            String... headers) {
        String page = "/login.xhtml"
                + (returnTo == null ? "" : "?return=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
        HttpResponse<String> form = get(page);
        String cookies = PRESESSION_COOKIE_NAME + "="
                + presessionCookie(form)
                        .orElseThrow(() -> new AssertionError("The sign-in page set no pre-session cookie"))
                        .value()
                + (existingToken == null ? "" : "; " + COOKIE_NAME + "=" + existingToken)
                + (deviceToken == null ? "" : "; " + DEVICE_COOKIE_NAME + "=" + deviceToken);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", "login");
        fields.put("login:return", returnTo == null ? "" : returnTo);
        fields.put("login:username", username);
        fields.put("login:password", password);
        fields.put("login:submit", "Sign in");
        fields.put("jakarta.faces.ViewState", viewState(form.body()));
        fields.put(CsrfTokens.FIELD, csrfToken(form.body()));
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = cookies;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return postForm("/login.xhtml", fields, all);
    }

    /** Uses the change-password page as the holder of {@code token}. */
    public HttpResponse<String> changePassword(String token, String current, String newPassword, boolean endOthers) {
        return changePassword(token, current, newPassword, endOthers, null);
    }

    /** Uses the change-password page as the holder of {@code token}, from a browser with a device cookie (or null). */
    public HttpResponse<String> changePassword(
            String token, String current, String newPassword, boolean endOthers, String deviceToken) {
        String cookie =
                COOKIE_NAME + "=" + token + (deviceToken == null ? "" : "; " + DEVICE_COOKIE_NAME + "=" + deviceToken);
        HttpResponse<String> page = get("/account/password.xhtml", "Cookie", cookie);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("password", "password");
        fields.put("password:current", current);
        fields.put("password:new", newPassword);
        fields.put("password:confirmation", newPassword);
        if (endOthers) {
            fields.put("password:endOthers", "on");
        }
        fields.put("password:submit", "Change password");
        fields.put("jakarta.faces.ViewState", viewState(page.body()));
        fields.put(CsrfTokens.FIELD, csrfToken(page.body()));
        return postForm("/account/password.xhtml", fields, "Cookie", cookie);
    }

    /** Signs in and returns the session token from the response's cookie, failing if there is none. */
    public String signInForToken(String username, String password) {
        HttpResponse<String> response = signIn(username, password, null);
        return sessionCookie(response)
                .filter(c -> !c.value().isEmpty())
                .orElseThrow(() -> new AssertionError(
                        "Sign-in as " + username + " set no session cookie; status " + response.statusCode()))
                .value();
    }

    /** Presses the sign-out button of the page template, as the holder of {@code token}. */
    public HttpResponse<String> signOut(String token) {
        HttpResponse<String> page = getWithSession("/index.xhtml", token);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("signOut", "signOut");
        fields.put("signOut:submit", "Sign out");
        fields.put("jakarta.faces.ViewState", viewState(page.body()));
        fields.put(CsrfTokens.FIELD, csrfToken(page.body()));
        return postForm("/index.xhtml", fields, "Cookie", COOKIE_NAME + "=" + token);
    }

    /**
     * Loads {@code page} as the holder of {@code token}, then submits its form {@code formId} by pressing
     * {@code buttonId}, with {@code fields} (ids relative to the form) as the typed values.
     */
    public HttpResponse<String> submit(
            String page, String token, String formId, String buttonId, Map<String, String> fields) {
        String cookie = COOKIE_NAME + "=" + token;
        HttpResponse<String> loaded = get(page, "Cookie", cookie);
        if (loaded.statusCode() != 200) {
            return loaded;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put(formId, formId);
        fields.forEach((id, value) -> form.put(formId + ":" + id, value));
        form.put(formId + ":" + buttonId, "x");
        form.put("jakarta.faces.ViewState", viewState(loaded.body()));
        form.put(CsrfTokens.FIELD, csrfToken(loaded.body()));
        return postForm(page, form, "Cookie", cookie);
    }

    public static String viewState(String html) {
        Matcher m = VIEW_STATE.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No Faces ViewState in page:\n" + html);
        }
        return m.group(1).replace("&#43;", "+").replace("&#47;", "/").replace("&#61;", "=");
    }

    /** The CSRF token of the page's forms. */
    public static String csrfToken(String html) {
        Matcher m = CSRF_TOKEN.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No CSRF token in page:\n" + html);
        }
        return m.group(1);
    }

    /** The page without its (per-response) view state and form token, for comparing two pages. */
    public static String withoutViewState(String html) {
        String withoutState = VIEW_STATE.matcher(html).replaceAll("name=\"jakarta.faces.ViewState\" value=\"\"");
        return CSRF_TOKEN.matcher(withoutState).replaceAll("name=\"" + CsrfTokens.FIELD + "\" value=\"\"");
    }

    /** The session cookie the response sets, parsed. */
    public static Optional<SetCookie> sessionCookie(HttpResponse<?> response) {
        return cookie(response, COOKIE_NAME);
    }

    /** The pre-session (sign-in form CSRF) cookie the response sets, parsed. */
    public static Optional<SetCookie> presessionCookie(HttpResponse<?> response) {
        return cookie(response, PRESESSION_COOKIE_NAME);
    }

    /** The cookie {@code name} the response sets, parsed. */
    public static Optional<SetCookie> cookie(HttpResponse<?> response, String name) {
        List<String> headers = response.headers().allValues("Set-Cookie");
        return headers.stream()
                .map(SetCookie::parse)
                .filter(c -> c.name().equals(name))
                .findFirst();
    }

    /** The {@code Origin} header value of this application, as a same-origin browser would send it. */
    public String origin() {
        return base.toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return http.send(builder.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One {@code Set-Cookie} header: name, value and attributes (names lower-cased). */
    public record SetCookie(String name, String value, Map<String, String> attributes) {

        static SetCookie parse(String header) {
            String[] parts = header.split(";");
            String[] pair = parts[0].split("=", 2);
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] attribute = parts[i].trim().split("=", 2);
                attributes.put(attribute[0].toLowerCase(), attribute.length > 1 ? attribute[1] : "");
            }
            return new SetCookie(pair[0].trim(), pair.length > 1 ? pair[1].trim() : "", attributes);
        }

        public boolean has(String attribute) {
            return attributes.containsKey(attribute.toLowerCase());
        }

        public String attribute(String attribute) {
            return attributes.get(attribute.toLowerCase());
        }

        public boolean clears() {
            return value.isEmpty() && "0".equals(attribute("Max-Age"));
        }
    }
}
