package dev.gatehouse.web;

import java.util.Set;

/** The paths anyone may request without a session. Everything else needs one. */
final class PublicPaths {

    static final String LOGIN_PAGE = "/login.xhtml";

    private static final Set<String> EXACT = Set.of(LOGIN_PAGE, "/api/ping", "/favicon.ico");
    private static final String[] PREFIXES = {"/jakarta.faces.resource/", "/static/", "/health"};

    private PublicPaths() {
    }

    static boolean isPublic(String path) {
        if (EXACT.contains(path)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }
}
