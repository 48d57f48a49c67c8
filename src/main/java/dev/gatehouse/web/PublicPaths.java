package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths anyone may request without a session: Gatehouse's own plus those the deployment adds. An entry is
 * either an exact path ({@code /login.xhtml}) or a prefix that ends in {@code /} ({@code /static/}), so a public
 * {@code /health/} never makes {@code /healthz} or {@code /health-report.xhtml} public. Paths are always the
 * container's mapped path ({@link #pathOf}), never the raw request URI.
 */
@ApplicationScoped
public class PublicPaths {

    public static final String LOGIN_PAGE = "/login.xhtml";
    /** The second step of a sign-in: public, but nothing without the pending state a right password left. */
    public static final String SECOND_STEP_PAGE = "/login-code.xhtml";

    public static final String ENROLMENT_PAGE = "/login-enrol.xhtml";

    private static final Set<String> BUILT_IN = Set.of(
            LOGIN_PAGE,
            SECOND_STEP_PAGE,
            ENROLMENT_PAGE,
            "/api/ping",
            "/favicon.ico",
            // Payara's MicroProfile Health endpoints; probes have no session
            "/health",
            "/health/",
            "/jakarta.faces.resource/",
            "/static/");

    private Set<String> exact;
    private List<String> prefixes;

    protected PublicPaths() {
        // for CDI
    }

    @Inject
    public PublicPaths(GatehouseSettings settings) {
        Set<String> all = new HashSet<>(BUILT_IN);
        all.addAll(settings.publicPaths());
        this.exact = Set.copyOf(all.stream().filter(p -> !p.endsWith("/")).toList());
        this.prefixes = all.stream().filter(p -> p.endsWith("/")).sorted().toList();
    }

    /** Whether {@code path} (the mapped path inside the application) is served without a session. */
    public boolean isPublic(String path) {
        if (exact.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request's path inside the application as the container mapped it: servlet path plus path info. This,
     * not {@code getRequestURI()}, names what will run; {@link CanonicalPathFilter} makes sure the two agree.
     */
    public static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /** Whether {@code path} belongs to the JSON API, which answers 401 rather than redirecting. */
    public static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }
}
