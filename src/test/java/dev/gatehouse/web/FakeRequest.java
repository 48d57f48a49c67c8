package dev.gatehouse.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request for unit tests of the web layer: it answers what Gatehouse's filters and mechanism read (method, mapped
 * path, headers, attributes, caller and roles) and throws on anything else, so a test notices when the code starts
 * to depend on more. The mapped path is the servlet path; the raw URI is the context path plus it unless set.
 */
final class FakeRequest {

    private final String method;
    private final String servletPath;
    private String queryString;
    private String contextPath = "";
    private String requestUri;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> attributes = new HashMap<>();
    private String caller;
    private Set<String> roles = Set.of();

    private FakeRequest(String method, String servletPath) {
        this.method = method;
        this.servletPath = servletPath;
    }

    static FakeRequest get(String path) {
        return to("GET", path);
    }

    static FakeRequest post(String path) {
        return to("POST", path);
    }

    static FakeRequest to(String method, String path) {
        return new FakeRequest(method, path);
    }

    FakeRequest query(String query) {
        this.queryString = query;
        return this;
    }

    FakeRequest contextPath(String path) {
        this.contextPath = path;
        return this;
    }

    /** The raw request URI, when a test needs it to differ from the mapped path. */
    FakeRequest requestUri(String uri) {
        this.requestUri = uri;
        return this;
    }

    FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    FakeRequest attribute(String name, Object value) {
        attributes.put(name, value);
        return this;
    }

    /** What the container knows after the authentication mechanism signed {@code name} in with {@code roles}. */
    FakeRequest signedInAs(String name, String... roles) {
        this.caller = name;
        this.roles = Set.of(roles);
        return this;
    }

    /** An attribute as the code under test left it. */
    Object attribute(String name) {
        return attributes.get(name);
    }

    HttpServletRequest servletRequest() {
        return (HttpServletRequest) Proxy.newProxyInstance(
                FakeRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> null;
                    case "getQueryString" -> queryString;
                    case "getContextPath" -> contextPath;
                    case "getRequestURI" -> requestUri != null ? requestUri : contextPath + servletPath;
                    case "isRequestedSessionIdFromURL" -> false;
                    case "getScheme" -> "https";
                    case "getHeader" ->
                        headers.getOrDefault((String) args[0], List.of()).stream()
                                .findFirst()
                                .orElse(null);
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getUserPrincipal" -> caller == null ? null : (Principal) () -> caller;
                    case "isUserInRole" -> caller != null && roles.contains((String) args[0]);
                    case "toString" -> method + " " + servletPath;
                    default -> throw new UnsupportedOperationException("FakeRequest does not answer " + m.getName());
                });
    }
}
