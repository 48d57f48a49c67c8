package dev.gatehouse.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/index.xhtml",
                "/admin/sessions.xhtml",
                "/api/me",
                "/static/a.b/c",
                "/jakarta.faces.resource/css/gatehouse.css.xhtml",
                "/a%20b",
                "/caf%C3%A9",
                "/x/.hidden",
                "/x/..y",
                "/x/y.."
            })
    void canonicalPathsPass(String path) {
        assertTrue(CanonicalPaths.isCanonical(path), path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "admin",
                "//admin/sessions.xhtml",
                "/static//x",
                "/static/../admin/audit.xhtml",
                "/static/./x",
                "/x/.",
                "/x/..",
                "/static/%2e%2e/admin/audit.xhtml",
                "/static/%2E%2E/admin",
                "/static/..%2fadmin/audit.xhtml",
                "/admin%2fsessions.xhtml",
                "/admin%2Fsessions.xhtml",
                "/a%5cb",
                "/a%25b",
                "/a%252e%252e/b",
                "/index.xhtml;jsessionid=abc",
                "/a%3bb",
                "/a\\b",
                "/a\u0000b",
                "/a%00b",
                "/a%0ab",
                "/a%7fb",
                "/a b",
                "/a\tb",
                "/caf\u00e9",
                "/a%zzb",
                "/a%2",
                "/a%",
                "/a%C3%28",
                "/a%FF",
                "/a%C0%AE%C0%AE/b",
                "/%61dmin/sessions.xhtml",
                "/admi%6E/x",
                "/%7e/x",
                "/a%2db"
            })
    void nonCanonicalPathsAreRefused(String path) {
        assertFalse(CanonicalPaths.isCanonical(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ADMIN/sessions.xhtml", "/Admin/sessions.xhtml"})
    void caseChangesAreCanonicalAndMapToTheirOwnPath(String path) {
        // paths are case-sensitive: these name no page (404) rather than another spelling of /admin/
        assertTrue(CanonicalPaths.isCanonical(path), path);
    }
}
