package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The paths anyone may request without a session: Gatehouse's own plus those the deployment adds. */
@ApplicationScoped
public class PublicPaths {

    public static final String LOGIN_PAGE = "/login.xhtml";

    private static final Set<String> EXACT = Set.of(LOGIN_PAGE, "/api/ping", "/api/metrics", "/favicon.ico");
    /** {@code /health} is Payara's MicroProfile Health endpoint; probes have no session. */
    private static final List<String> BUILT_IN_PREFIXES = List.of("/jakarta.faces.resource/", "/static/", "/health");

    private List<String> prefixes;

    protected PublicPaths() {
        // for CDI
    }

    @Inject
    public PublicPaths(GatehouseSettings settings) {
        List<String> all = new ArrayList<>(BUILT_IN_PREFIXES);
        all.addAll(settings.publicPaths());
        this.prefixes = List.copyOf(all);
    }

    /** Whether {@code path} (relative to the context root) is served without a session. */
    public boolean isPublic(String path) {
        if (EXACT.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The request's path inside the application (without the context path). */
    public static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** Whether {@code path} belongs to the JSON API, which answers 401 rather than redirecting. */
    public static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }
}
