package dev.gatehouse.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response for unit tests of the web layer that records what the code under test answered: status, whether it
 * went through {@code sendError}, headers, content type and body. Anything else it is asked throws.
 */
final class FakeResponse {

    private int status = HttpServletResponse.SC_OK;
    private boolean errorSent;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private String contentType;
    private String characterEncoding;
    private final StringWriter body = new StringWriter();

    int status() {
        return status;
    }

    /** Whether the status came from {@code sendError}, i.e. the container's error page answers. */
    boolean errorSent() {
        return errorSent;
    }

    /** The first value of header {@code name}, or null. */
    String header(String name) {
        return headers.getOrDefault(name, List.of()).stream().findFirst().orElse(null);
    }

    List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    String contentType() {
        return contentType;
    }

    String characterEncoding() {
        return characterEncoding;
    }

    String body() {
        return body.toString();
    }

    HttpServletResponse servletResponse() {
        PrintWriter writer = new PrintWriter(body, true);
        return (HttpServletResponse) Proxy.newProxyInstance(
                FakeResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status = (Integer) args[0];
                        case "getStatus" -> {
                            return status;
                        }
                        case "sendError" -> {
                            status = (Integer) args[0];
                            errorSent = true;
                        }
                        case "setHeader" -> headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        case "addHeader" ->
                            headers.computeIfAbsent((String) args[0], n -> new ArrayList<>())
                                    .add((String) args[1]);
                        case "getHeader" -> {
                            return header((String) args[0]);
                        }
                        case "containsHeader" -> {
                            return headers.containsKey((String) args[0]);
                        }
                        case "setContentType" -> contentType = (String) args[0];
                        case "setCharacterEncoding" -> characterEncoding = (String) args[0];
                        case "getWriter" -> {
                            return writer;
                        }
                        case "isCommitted" -> {
                            return errorSent;
                        }
                        case "toString" -> {
                            return "FakeResponse " + status;
                        }
                        default ->
                            throw new UnsupportedOperationException("FakeResponse does not answer " + m.getName());
                    }
                    return null;
                });
    }
}
