package dev.gatehouse.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** JSON error bodies for {@code /api/} callers, written by filters before JAX-RS runs. */
public final class ApiErrors {

    private ApiErrors() {}

    /** Writes {@code {"error": code, "message": message}} with {@code status}; both strings are ours, not input. */
    public static void send(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }
}
