package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.session.SessionToken;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table of hostile requests, sent byte for byte: none may cause a 5xx or show anything of a stack trace, and
 * none may change the database.
 */
class HostileInputIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final Pattern STACK_TRACE = Pattern.compile(
            "Exception|\\tat |\\bat (java|jakarta|org|com|dev)\\.|\\.java:\\d|Caused by|Payara|Mojarra|Hibernate|PSQL|SQLState");

    /** What a case may answer. */
    enum Expect {
        CLIENT_ERROR,
        SUCCESS_OR_REDIRECT,
        NOT_SERVER_ERROR
    }

    record Case(String name, String head, byte[] body, Expect expect) {
        static Case of(String name, String head, Expect expect) {
            return new Case(name, head, new byte[0], expect);
        }

        static Case form(String name, String path, String cookie, String form, Expect expect) {
            return new Case(
                    name,
                    "POST " + path + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded"
                            + (cookie == null ? "" : "\r\nCookie: " + cookie),
                    form.getBytes(StandardCharsets.ISO_8859_1),
                    expect);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private RawHttp raw;
    private String username;
    private String token;
    private String viewState;
    /** Cookie and token that make a sign-in or password form post get past the CSRF check to the code behind it. */
    private String loginCookie;

    private String loginToken;
    private String sessionFormToken;

    @BeforeEach
    void signIn() {
        raw = new RawHttp(deploymentUrl.getPort());
        username = TestDatabase.uniqueUsername("hal");
        db.createUser(username, PASSWORD, Role.USER);
        token = client.signInForToken(username, PASSWORD);
        var loginPage = client.get("/login.xhtml");
        viewState = URLEncoder.encode(TestClient.viewState(loginPage.body()), StandardCharsets.UTF_8);
        loginCookie = TestClient.PRESESSION_COOKIE_NAME + "="
                + TestClient.presessionCookie(loginPage).orElseThrow().value();
        loginToken = "&" + CsrfTokens.FIELD + "=" + TestClient.csrfToken(loginPage.body());
        sessionFormToken = "&" + CsrfTokens.FIELD + "="
                + TestClient.csrfToken(
                        client.getWithSession("/account/password.xhtml", token).body());
    }

    @Test
    void hostileRequestsGetAClearAnswerAndChangeNothing() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 200, "cases: " + cases.size());
        long users = db.queryLong("select count(*) from app_user");
        long roles = db.queryLong("select count(*) from user_role");
        long sessions = db.queryLong("select count(*) from auth_session");
        String hash = db.passwordHashOf(username);

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            String problem;
            try {
                problem = check(c, raw.send(c.head(), c.body()));
            } catch (RuntimeException e) {
                problem = "no answer: " + e;
            }
            if (problem != null) {
                failures.add(c.name() + ": " + problem);
            }
        }

        assertEquals(List.of(), failures);
        assertEquals(users, db.queryLong("select count(*) from app_user"), "users");
        assertEquals(roles, db.queryLong("select count(*) from user_role"), "roles");
        assertEquals(sessions, db.queryLong("select count(*) from auth_session"), "sessions");
        assertEquals(hash, db.passwordHashOf(username), "password");
        // wrong current passwords on the password page do count toward the lockout, by design; sign-ins must not
        assertEquals(
                0,
                db.auditEvents("SIGN_IN_FAILED", username, null),
                "no hostile sign-in case reached the real account with a wrong password");
        assertEquals(200, client.getWithSession("/api/me", token).statusCode(), "the real session still works");
    }

    private static String check(Case c, RawHttp.Response response) {
        int status = response.status();
        if (status < 100) {
            return "no HTTP answer: " + abbreviate(response.text());
        }
        if (status >= 500) {
            return "server error " + status + ": " + abbreviate(response.text());
        }
        if (STACK_TRACE.matcher(response.text()).find()) {
            return "internals shown (" + status + "): " + abbreviate(response.text());
        }
        if (response.text().contains("<script>alert(")) {
            return "input reflected unescaped";
        }
        return switch (c.expect()) {
            case CLIENT_ERROR -> status >= 400 ? null : "expected 4xx, got " + status;
            case SUCCESS_OR_REDIRECT -> status < 400 ? null : "expected 2xx/3xx, got " + status;
            case NOT_SERVER_ERROR -> null;
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String valid = "__Host-gatehouse=" + token;
        List<String> badCookies = List.of(
                "__Host-gatehouse=",
                "__Host-gatehouse",
                "__Host-gatehouse=\"\"",
                "__Host-gatehouse=" + "A".repeat(8 * 1024),
                "__Host-gatehouse=" + "A".repeat(43),
                "__Host-gatehouse=not+base64/url==",
                "__Host-gatehouse=\u00e9\u00e8\u00ea\u00ff" + "A".repeat(39),
                "__Host-gatehouse=" + SessionToken.generate(),
                "__Host-gatehouse=%00%00%00",
                "__Host-gatehouse=' OR '1'='1",
                "__Host-gatehouse=#{1+1}",
                "__Host-gatehouse=<script>alert(1)</script>",
                "__Host-gatehouse=garbage; " + valid,
                "__Host-gatehouse=" + token.substring(1) + "x",
                "__Host-gatehouse=" + token + token,
                "=; ==; ;;;",
                "a=b; a=c; __Host-gatehouse",
                "__Host-gatehouse=" + token.toUpperCase(),
                "__Host-gatehouse= " + token + " ",
                "__Host-gatehouse=\u0001\u0002\u0003");
        for (String path : List.of("/", "/index.xhtml", "/api/me", "/account/password.xhtml")) {
            for (int i = 0; i < badCookies.size(); i++) {
                Expect expect = path.startsWith("/api") ? Expect.CLIENT_ERROR : Expect.SUCCESS_OR_REDIRECT;
                cases.add(Case.of(
                        "cookie " + i + " on " + path,
                        "GET " + path + " HTTP/1.1\r\nCookie: " + badCookies.get(i),
                        // 12 and 18 may count as valid; the server's HTTP parser refuses 3, 6 and 19 with a 400
                        Set.of(3, 6, 12, 18, 19).contains(i) ? Expect.NOT_SERVER_ERROR : expect));
            }
        }
        cases.add(Case.of(
                "duplicated cookie, valid first",
                "GET /api/me HTTP/1.1\r\nCookie: " + valid + "; __Host-gatehouse=garbage",
                Expect.SUCCESS_OR_REDIRECT));
        cases.add(Case.of(
                "two Cookie headers",
                "GET /api/me HTTP/1.1\r\nCookie: __Host-gatehouse=garbage\r\nCookie: " + valid,
                Expect.NOT_SERVER_ERROR));

        List<String> hostileText = List.of(
                "x".repeat(1024 * 1024),
                "a\u0000b",
                "%00",
                "\u0000".repeat(100),
                "\u0007\u0008\u001b[31m",
                "\u202egnp.exe",
                "\u200b\u200d\ufeff",
                "' OR '1'='1",
                "admin'--",
                "'; drop table app_user; --",
                "#{1+1}",
                "${applicationScope}",
                "#{request.getSession(true)}",
                "#{facesContext.externalContext.redirect('https://evil.example')}",
                "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>",
                "\ud83d\ude00".repeat(50),
                "\r\nSet-Cookie: x=y",
                " ".repeat(500),
                "A".repeat(100_000),
                "\ud800",
                "%ZZ%",
                "..\\..\\etc\\passwd",
                "admin\u0000");
        for (int i = 0; i < hostileText.size(); i++) {
            String field = URLEncoder.encode(hostileText.get(i), StandardCharsets.UTF_8);
            cases.add(Case.form(
                    "hostile username " + i,
                    "/login.xhtml",
                    loginCookie,
                    "login=login&login%3Ausername=" + field
                            + "&login%3Apassword=x&login%3Asubmit=Sign+in&jakarta.faces.ViewState=" + viewState
                            + loginToken,
                    Expect.NOT_SERVER_ERROR));
            cases.add(Case.form(
                    "hostile password " + i,
                    "/login.xhtml",
                    loginCookie,
                    "login=login&login%3Ausername=" + username + "x&login%3Apassword=" + field
                            + "&login%3Asubmit=Sign+in&jakarta.faces.ViewState=" + viewState + loginToken,
                    Expect.NOT_SERVER_ERROR));
            cases.add(Case.form(
                    "hostile return " + i,
                    "/login.xhtml",
                    loginCookie,
                    "login=login&login%3Areturn=" + field
                            + "&login%3Ausername=nobody&login%3Apassword=x&login%3Asubmit=Sign+in&jakarta.faces.ViewState="
                            + viewState + loginToken,
                    Expect.NOT_SERVER_ERROR));
            cases.add(Case.of(
                    "hostile return on GET " + i,
                    "GET /login.xhtml?return=" + field.substring(0, Math.min(field.length(), 2000)) + " HTTP/1.1",
                    Expect.NOT_SERVER_ERROR));
        }

        List<String> viewStates = List.of(
                "",
                "garbage",
                "AAAA",
                "%ZZ",
                "A".repeat(100_000),
                viewState.substring(0, viewState.length() / 2),
                viewState + "AAAA",
                "stateless",
                "<script>alert(1)</script>");
        for (int i = 0; i < viewStates.size(); i++) {
            cases.add(Case.form(
                    "view state " + i,
                    "/login.xhtml",
                    loginCookie,
                    "login=login&login%3Ausername=nobody"
                            + "&login%3Apassword=x&login%3Asubmit=Sign+in&jakarta.faces.ViewState=" + viewStates.get(i)
                            + loginToken,
                    Expect.NOT_SERVER_ERROR));
            cases.add(Case.form(
                    "view state " + i + " on a password change",
                    "/account/password.xhtml",
                    valid,
                    "password=password&password%3Acurrent=wrong&password%3Anew=x&password%3Aconfirmation=x"
                            + "&password%3Asubmit=Change&jakarta.faces.ViewState=" + viewStates.get(i)
                            + sessionFormToken,
                    Expect.NOT_SERVER_ERROR));
        }
        cases.add(Case.form(
                "malformed form encoding", "/login.xhtml", null, "login=%%%&&&==%zz%", Expect.NOT_SERVER_ERROR));
        cases.add(new Case(
                "invalid UTF-8 in form",
                "POST /login.xhtml HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
                new byte[] {'l', 'o', 'g', 'i', 'n', '=', (byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                Expect.NOT_SERVER_ERROR));
        cases.add(Case.form("empty post", "/login.xhtml", null, "", Expect.NOT_SERVER_ERROR));
        cases.add(Case.form(
                "password change with forged state",
                "/account/password.xhtml",
                valid,
                "password=password&password%3Anew=x&jakarta.faces.ViewState=garbage" + sessionFormToken,
                Expect.NOT_SERVER_ERROR));

        for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE", "FOO", "PROPFIND", "CONNECT")) {
            for (String path : List.of("/login.xhtml", "/index.xhtml", "/api/me", "/api/ping")) {
                cases.add(Case.of(
                        method + " " + path,
                        method + " " + path + " HTTP/1.1\r\nCookie: " + valid,
                        Expect.CLIENT_ERROR));
            }
        }
        cases.add(Case.of("OPTIONS page", "OPTIONS /login.xhtml HTTP/1.1", Expect.NOT_SERVER_ERROR));

        List<String> paths = List.of(
                "/nope.xhtml",
                "/WEB-INF/web.xml",
                "/META-INF/MANIFEST.MF",
                "/..%2f..%2fetc%2fpasswd",
                "/jakarta.faces.resource/..%2F..%2FWEB-INF%2Fweb.xml",
                "/jakarta.faces.resource/nope.css.xhtml",
                "/jakarta.faces.resource/css/gatehouse.css.xhtml?ln=../../WEB-INF",
                "/%00.xhtml",
                "/index.xhtml;jsessionid=abc",
                "/WEB-INF/templates/layout.xhtml",
                "/WEB-INF/errorpages/500.xhtml",
                "/login.xhtml/../WEB-INF/web.xml",
                "/" + "a".repeat(4000) + ".xhtml",
                "/api/../WEB-INF/web.xml",
                "/api/nope",
                "/api/me/%2e%2e",
                "/%2e%2e/%2e%2e/",
                "/login.xhtml%00.txt",
                "/index.jsp",
                "/test-support/clock");
        for (String path : paths) {
            cases.add(Case.of(
                    "unknown path " + path.substring(0, Math.min(40, path.length())),
                    "GET " + path + " HTTP/1.1",
                    Expect.NOT_SERVER_ERROR));
            cases.add(Case.of(
                    "unknown path with session " + path.substring(0, Math.min(40, path.length())),
                    "GET " + path + " HTTP/1.1\r\nCookie: " + valid,
                    Expect.NOT_SERVER_ERROR));
        }

        List<String> headers = List.of(
                "Faces-Request: partial/ajax",
                "Origin: null",
                "Referer: ::::",
                "X-Forwarded-For: ' OR 1=1 --",
                "X-Forwarded-Host: evil.example",
                "User-Agent: " + "U".repeat(6000),
                "User-Agent: <script>alert(1)</script>",
                "Accept: */*;q=abc",
                "Accept-Language: xx-\u00ff;q=2",
                "Content-Type: multipart/form-data; boundary=",
                "If-Modified-Since: yesterday",
                "Range: bytes=9-1",
                "Accept-Encoding: gzip;q=NaN",
                "X-HTTP-Method-Override: DELETE",
                "Expect: 100-continue",
                "Transfer-Encoding: chunked, identity",
                "Content-Length: -1",
                "Host: evil.example");
        for (String header : headers) {
            cases.add(Case.of(
                    "header " + header.substring(0, Math.min(40, header.length())),
                    "GET /index.xhtml HTTP/1.1\r\n" + header,
                    Expect.NOT_SERVER_ERROR));
            cases.add(Case.of(
                    "header on API " + header.substring(0, Math.min(40, header.length())),
                    "GET /api/me HTTP/1.1\r\nCookie: " + valid + "\r\n" + header,
                    Expect.NOT_SERVER_ERROR));
        }
        return cases;
    }

    @Test
    void ajaxRequestWithoutSessionGetsAPartialResponseRedirect() {
        var response = raw.send(
                "POST /index.xhtml HTTP/1.1\r\nFaces-Request: partial/ajax\r\n"
                        + "Content-Type: application/x-www-form-urlencoded",
                "a=b".getBytes(StandardCharsets.US_ASCII));

        assertEquals(200, response.status());
        assertTrue(response.text().contains("<partial-response><redirect url=\"/login.xhtml"), response.text());
        assertFalse(response.text().contains("Location:"));
    }
}
