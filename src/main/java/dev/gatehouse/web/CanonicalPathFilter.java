package dev.gatehouse.web;

import dev.gatehouse.security.CanonicalPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;

/**
 * First of all filters: a request whose raw path is not canonical ({@link CanonicalPaths}) gets 400 before any
 * application code sees it. The container maps a request on its decoded, normalised path while
 * {@code getRequestURI()} stays raw, so without this a path like {@code /static/%2e%2e/admin/} is one thing to
 * the container and another to anything reading the raw URI. Every later decision uses the mapped path
 * ({@link PublicPaths#pathOf}).
 */
@WebFilter(filterName = "CanonicalPathFilter", asyncSupported = true)
public class CanonicalPathFilter extends HttpFilter {

    private static final ExpectedFailureLog LOG = new ExpectedFailureLog(CanonicalPathFilter.class, Level.INFO);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> problem = problem(request).map(p -> "its path " + p);
        if (problem.isEmpty() && hasNulParameter(request)) {
            problem = Optional.of("a parameter holds a NUL character or cannot be decoded");
        }
        if (problem.isPresent()) {
            LOG.log(
                    "Refused a request: {0} ({1} characters)",
                    problem.get(),
                    request.getRequestURI() == null
                            ? 0
                            : request.getRequestURI().length());
            response.setHeader("Cache-Control", "no-store");
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Why the request's path is not canonical, or empty. Besides the raw URI ({@link CanonicalPaths}): a
     * {@code ;jsessionid=} path parameter, which the container strips from {@code getRequestURI()} before anyone
     * sees it, and control characters in the mapped path.
     */
    static Optional<String> problem(HttpServletRequest request) {
        Optional<String> problem = CanonicalPaths.problem(request.getRequestURI());
        if (problem.isEmpty() && request.isRequestedSessionIdFromURL()) {
            problem = Optional.of("has a session id path parameter");
        }
        if (problem.isEmpty() && !isPrintable(PublicPaths.pathOf(request))) {
            problem = Optional.of("maps to a path with control characters");
        }
        return problem;
    }

    /**
     * Whether any parameter name or value holds a NUL character: no form or link of ours makes one, and no
     * database text column can store one, so it is refused here once rather than failing deep inside a query.
     */
    static boolean hasNulParameter(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException ignore) {
            // the container could not decode the parameters at all: refused like a NUL
            return true;
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                return true;
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isPrintable(String path) {
        return path.codePoints().noneMatch(Character::isISOControl);
    }
}
