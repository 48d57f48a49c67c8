package dev.gatehouse.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Pages accept GET, HEAD and POST only; anything else gets 405 rather than being served like a GET. The REST
 * API under {@code /api} declares its own methods and answers 405 itself.
 */
@WebFilter(filterName = "AllowedMethodsFilter", asyncSupported = true)
public class AllowedMethodsFilter extends HttpFilter {

    static final Set<String> PAGE_METHODS = Set.of("GET", "HEAD", "POST");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = PublicPaths.pathOf(request);
        if (!PublicPaths.isApi(path) && !PAGE_METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        chain.doFilter(request, response);
    }
}
