package dev.gatehouse.web;

import dev.gatehouse.session.SignInRateLimit;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Admits a sign-in POST only while this node has a place for it ({@link SignInAdmission}; else 503 busy), and
 * answers 429 with {@code Retry-After} when one client address ({@link ClientAddress}) sends too many, counted
 * across all nodes ({@link SignInRateLimit}).
 */
@WebFilter(filterName = "LoginThrottleFilter", asyncSupported = true)
public class LoginThrottleFilter extends HttpFilter {

    @Inject
    SignInRateLimit limiter;

    @Inject
    ClientAddress clientAddress;

    @Inject
    SignInAdmission admission;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = PublicPaths.pathOf(request);
        if ("POST".equals(request.getMethod()) && PublicPaths.LOGIN_PAGE.equals(path)) {
            if (!admission.tryEnter()) {
                response.setHeader(RetryAfter.HEADER, RetryAfter.HASHING_BUSY_SECONDS);
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            try {
                throttled(request, response, chain);
            } finally {
                admission.leave();
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    private void throttled(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Duration> retryAfter;
        try {
            retryAfter = limiter.tryAcquire(ClientAddress.rateLimitKeyOf(clientAddress.of(request)));
        } catch (RuntimeException e) {
            if (DatabaseUnavailableException.isCauseOf(e)) {
                throw new DatabaseUnavailableException(e); // no sign-in works without the database: 503
            }
            throw e;
        }
        if (retryAfter.isPresent()) {
            response.setHeader(RetryAfter.HEADER, RetryAfter.after(retryAfter.get()));
            response.sendError(429);
            return;
        }
        chain.doFilter(request, response);
    }
}
