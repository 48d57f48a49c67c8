package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.server.AdminServicesProbe;
import dev.gatehouse.testing.server.TestSupportServlet;
import dev.gatehouse.user.Role;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access control tried as an attacker would: hundreds of spellings of every protected path, by every kind of
 * caller, must never give more than the canonical path gives; the container, the filter and the services each
 * refuse on their own; and an application built on Gatehouse protects its page, REST resource and service by role.
 */
class AccessControlIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";

    /** Canonical protected paths, one or more per page family. */
    private static final List<String> PROTECTED = List.of(
            "/",
            "/index.xhtml",
            "/account/sessions.xhtml",
            "/account/password.xhtml",
            "/account/two-factor.xhtml",
            "/account/passkeys.xhtml",
            "/account/passkey.xhtml",
            "/confirm.xhtml",
            "/admin/sessions.xhtml",
            "/admin/audit.xhtml",
            "/admin/users.xhtml",
            "/admin/end-sessions.xhtml",
            "/api/me",
            "/example/report");

    /** Public prefixes an attacker would climb out of with dot segments. */
    private static final List<String> PUBLIC_PREFIXES = List.of(
            "/static/",
            "/jakarta.faces.resource/",
            "/health/",
            "/api/ping/",
            "/login.xhtml/",
            "/login-code.xhtml/",
            "/login-enrol.xhtml/",
            TestSupportServlet.PATH);

    private static final Pattern STACK_TRACE = Pattern.compile("\\bat [a-z]+\\.[a-zA-Z0-9_.$]+\\(|Exception:");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private RawHttp raw;
    private String admin;
    private String user;
    private String adminToken;
    private String userToken;

    enum Caller {
        ANONYMOUS,
        USER,
        ADMIN
    }

    @BeforeEach
    void createAdminAndUser() {
        raw = new RawHttp(deploymentUrl.getPort());
        admin = TestDatabase.uniqueUsername("ada");
        user = TestDatabase.uniqueUsername("ulf");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        db.createUser(user, PASSWORD, Role.USER);
        adminToken = client.signInForToken(admin, PASSWORD);
        userToken = client.signInForToken(user, PASSWORD);
    }

    @Test
    void noSpellingOfAProtectedPathGivesAnyCallerMoreThanTheCanonicalPath() {
        List<String> failures = new ArrayList<>();
        int requests = 0;
        Set<String> allVariants = new LinkedHashSet<>();
        for (String canonical : PROTECTED) {
            List<String> variants = variantsOf(canonical);
            allVariants.addAll(variants);
            for (Caller caller : Caller.values()) {
                RawHttp.Response expected = get(canonical, caller);
                assertCanonicalAnswer(canonical, caller, expected.status());
                for (String variant : variants) {
                    requests++;
                    String problem = judge(get(variant, caller), expected.status(), caller);
                    if (problem != null) {
                        failures.add(caller + " " + variant + " (canonical " + canonical + " gives " + expected.status()
                                + "): " + problem);
                    }
                }
            }
        }
        assertTrue(allVariants.size() >= 300, "variants: " + allVariants.size());
        assertTrue(requests >= 900, "requests: " + requests);
        assertEquals(List.of(), failures);
    }

    @Test
    void theReportedHolesAreClosedWith400() {
        Map<String, Caller> holes = new TreeMap<>(Map.of(
                "/static/%2e%2e/admin/audit.xhtml",
                Caller.ANONYMOUS,
                "/static/..%2fadmin/audit.xhtml",
                Caller.ANONYMOUS,
                "//admin/sessions.xhtml",
                Caller.USER,
                "/%61dmin/sessions.xhtml",
                Caller.USER,
                "/admin%2fsessions.xhtml",
                Caller.USER,
                "/%61dmin/end-sessions.xhtml?scope=others&confirm=confirm&confirm%3Asubmit=x"
                        + "&jakarta.faces.ViewState=stateless",
                Caller.USER,
                "/index.xhtml;jsessionid=abc",
                Caller.USER,
                "/;jsessionid=x/admin/audit.xhtml",
                Caller.ANONYMOUS));
        long sessionsBefore = db.queryLong("select count(*) from auth_session");
        holes.forEach((path, caller) -> {
            RawHttp.Response response = get(path, caller);
            assertEquals(400, response.status(), caller + " " + path);
            assertFalse(response.text().contains("audit-log") || response.text().contains(admin), path);
        });
        assertEquals(sessionsBefore, db.queryLong("select count(*) from auth_session"), "no session was ended");
    }

    @Test
    void theContainerTheFilterAndEveryContainerApiSeeTheGatehouseUser() {
        String json = client.getWithSession("/api/example/whoami", adminToken).body();
        for (String expected : List.of(
                "\"securityContext\":\"" + admin + "\"",
                "\"userPrincipal\":\"" + admin + "\"",
                "\"remoteUser\":\"" + admin + "\"",
                "\"restPrincipal\":\"" + admin + "\"",
                "\"isAdmin\":true",
                "\"isUser\":true",
                "\"restIsAdmin\":true")) {
            assertTrue(json.contains(expected), expected + " in " + json);
        }
        String users = client.getWithSession("/api/example/whoami", userToken).body();
        assertTrue(users.contains("\"userPrincipal\":\"" + user + "\"") && users.contains("\"isAdmin\":false"), users);
        assertEquals(401, client.get("/api/example/whoami").statusCode());
    }

    @Test
    void anApplicationsOwnPageResourceAndServiceAreProtectedByRole() {
        for (String path : List.of("/api/example/report", "/api/example/unguarded-report")) {
            assertEquals(401, client.get(path).statusCode(), "anonymous " + path);
            HttpResponse<String> refused = client.getWithSession(path, userToken);
            assertEquals(403, refused.statusCode(), "user " + path);
            assertTrue(refused.body().contains("\"error\":\"forbidden\""), path + ": " + refused.body());
            HttpResponse<String> allowed = client.getWithSession(path, adminToken);
            assertEquals(200, allowed.statusCode(), "admin " + path);
            assertTrue(allowed.body().contains("prepared for " + admin), allowed.body());
        }
        HttpResponse<String> anonymousPage = client.get("/example/report");
        assertEquals(302, anonymousPage.statusCode());
        assertTrue(anonymousPage.headers().firstValue("Location").orElseThrow().contains("/login.xhtml?return="));
        HttpResponse<String> usersPage = client.getWithSession("/example/report", userToken);
        assertEquals(403, usersPage.statusCode());
        assertFalse(usersPage.body().contains("Quarterly report"));
        HttpResponse<String> adminsPage = client.getWithSession("/example/report", adminToken);
        assertEquals(200, adminsPage.statusCode());
        assertTrue(adminsPage.body().contains("prepared for " + admin), adminsPage.body());
    }

    @Test
    void everyAdminServiceRefusesNonAdminsItself() {
        String snapshot = db.snapshot();
        String asAnonymous =
                client.get(TestSupportServlet.PATH + "admin-services").body();
        String asUser = client.getWithSession(AdminServicesProbe.SIGNED_IN_PATH, userToken)
                .body();

        for (String report : List.of(asAnonymous, asUser)) {
            List<String> lines = report.lines().toList();
            assertTrue(lines.size() >= 13, "every admin service method is probed: " + report);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("UserAdministration.create ")), report);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("SessionAdministration.revokeAllOthers ")), report);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("AuditLog.list ")), report);
            assertEquals(
                    List.of(),
                    lines.stream().filter(l -> !l.endsWith(" refused")).toList(),
                    report);
        }
        assertEquals(snapshot, db.snapshot(), "no refused call changed anything");
    }

    @Test
    void healthPrefixMatchesOnlyTheHealthEndpoints() {
        assertEquals(200, client.get("/health").statusCode());
        for (String path : List.of("/healthz", "/health-anything", "/healthcheck.xhtml")) {
            HttpResponse<String> response = client.get(path);
            assertEquals(302, response.statusCode(), path + " is not public");
            assertTrue(response.headers().firstValue("Location").orElseThrow().contains("/login.xhtml"), path);
        }
    }

    private void assertCanonicalAnswer(String path, Caller caller, int status) {
        boolean api = path.startsWith("/api/");
        boolean adminOnly = path.startsWith("/admin/") || path.startsWith("/example/");
        int expected = switch (caller) {
            case ANONYMOUS -> api ? 401 : 302;
            case USER -> adminOnly ? 403 : 200;
            case ADMIN -> 200;
        };
        assertEquals(expected, status, caller + " " + path);
    }

    /** Why {@code response} gives {@code caller} more than the canonical path's {@code canonicalStatus}, or null. */
    private String judge(RawHttp.Response response, int canonicalStatus, Caller caller) {
        int status = response.status();
        if (status < 100) {
            return "no HTTP answer";
        }
        if (status >= 500) {
            return "server error " + status;
        }
        if (STACK_TRACE.matcher(response.text()).find()) {
            return "internals shown";
        }
        String body = response.text();
        if (canonicalStatus != 200 && status >= 200 && status < 300 && !isEmpty(response)) {
            return "answered " + status + " where the canonical path refuses";
        }
        if (caller != Caller.ADMIN && body.contains(admin)) {
            return "shows the admin's data";
        }
        if (caller == Caller.ANONYMOUS && (body.contains(user) || body.contains("id=\"signOut\""))) {
            return "shows signed-in content to an anonymous caller";
        }
        return null;
    }

    /**
     * Payara's connector answers some malformed escapes ({@code %u002f}) with an empty 200 of its own before any
     * application code runs: nothing is given away, so that is not "more" than a refusal.
     */
    private static boolean isEmpty(RawHttp.Response response) {
        int headerEnd = response.text().indexOf("\r\n\r\n");
        return headerEnd >= 0 && response.text().substring(headerEnd + 4).isEmpty();
    }

    private RawHttp.Response get(String path, Caller caller) {
        String cookie = switch (caller) {
            case ANONYMOUS -> "";
            case USER -> "\r\nCookie: " + TestClient.COOKIE_NAME + "=" + userToken;
            case ADMIN -> "\r\nCookie: " + TestClient.COOKIE_NAME + "=" + adminToken;
        };
        return raw.send("GET " + path + " HTTP/1.1" + cookie, new byte[0]);
    }

    /** Every spelling of {@code canonical} an attacker would try; none of them is the canonical path itself. */
    static List<String> variantsOf(String canonical) {
        Set<String> variants = new LinkedHashSet<>();
        String rest = canonical.substring(1);
        String[] segments = rest.isEmpty() ? new String[0] : rest.split("/");
        String first = segments.length == 0 ? "" : segments[0];
        String afterFirst = rest.length() > first.length() ? rest.substring(first.length()) : "";

        // percent-encoded letters, upper and lower hex, and case changes
        for (int i = 0; i < Math.min(first.length(), 3); i++) {
            String hex = String.format("%02x", (int) first.charAt(i));
            variants.add("/" + first.substring(0, i) + "%" + hex + first.substring(i + 1) + afterFirst);
            variants.add("/" + first.substring(0, i) + "%" + hex.toUpperCase(Locale.ROOT) + first.substring(i + 1)
                    + afterFirst);
        }
        variants.add("/" + rest.toUpperCase(Locale.ROOT));
        if (!first.isEmpty()) {
            variants.add("/" + Character.toUpperCase(first.charAt(0)) + first.substring(1) + afterFirst);
        }
        // encoded separators
        for (String slash : List.of("%2f", "%2F", "%5c", "%5C", "\\", "%252f", "%u002f", "%ef%bc%8f", "%c0%af")) {
            variants.add("/" + rest.replace("/", slash));
            variants.add(slash + rest);
        }
        // empty and dot segments
        for (String prefix : List.of(
                "/",
                "/.",
                "/./",
                "/x/..",
                "/x/../",
                "/%2e/",
                "/%2e%2e/",
                "/.%2e/",
                "/%2E%2E/",
                "/%252e%252e/",
                "/%c0%ae%c0%ae/",
                "/..%00/",
                "/...//",
                "/./././")) {
            variants.add(prefix + (prefix.endsWith("/") ? rest : "/" + rest));
        }
        variants.add(canonical.replace("/", "//"));
        variants.add(canonical + "/.");
        variants.add(canonical + "/..");
        variants.add(canonical + "/%2e");
        variants.add(canonical + "/");
        variants.add(canonical + "//");
        variants.add(canonical + "?x=/..");
        // climbing out of a public prefix
        for (String pub : PUBLIC_PREFIXES) {
            for (String up :
                    List.of("../", "%2e%2e/", "..%2f", "%2e%2e%2f", "..;/", ".%2e/", "..\\", "..%5c", "%252e%252e/")) {
                variants.add(pub + up + rest);
            }
        }
        // path parameters
        variants.add(canonical + ";jsessionid=abc");
        variants.add(canonical + ";x=y");
        variants.add("/;jsessionid=abc" + canonical);
        variants.add("/;x=y/" + rest);
        if (!first.isEmpty()) {
            variants.add("/" + first + ";x=y" + afterFirst);
            variants.add("/" + first + "%3b" + afterFirst);
        }
        // control characters, NUL and spaces
        for (String control : List.of("%00", "%0a", "%0d", "%09", "%7f", "%00.xhtml", "%20", "%C3%28", "%ff")) {
            variants.add(canonical + control);
        }
        variants.remove(canonical);
        return new ArrayList<>(variants);
    }
}
