package dev.gatehouse.testing.server;

import dev.gatehouse.session.DirectoryRecheck;
import dev.gatehouse.session.DirectorySync;
import dev.gatehouse.session.SessionChangeListener;
import dev.gatehouse.session.SessionCleanup;
import dev.gatehouse.session.SessionValidator;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Test-only controls, added to every test deployment by {@code GatehouseDeployment}:
 * {@code GET clock} (the application's now), {@code POST clock?advanceSeconds=N}, {@code POST clock-reset},
 * {@code POST cleanup}, {@code POST directory-recheck} (one round of the directory recheck: the answers it got, by
 * kind, and whether the directory stopped answering),
 * {@code GET outage-cache?token=...} (would this node serve that session during a database outage),
 * {@code GET listener} (the server process of this node's LISTEN connection or {@code none}, and the number of
 * rounds its listener has finished).
 */
@WebServlet(TestSupportServlet.PATH + "*")
public class TestSupportServlet extends HttpServlet {

    public static final String PATH = "/test-support/";

    @Inject
    SessionCleanup cleanup;

    @Inject
    SessionValidator sessions;

    @Inject
    SessionChangeListener listener;

    @Inject
    DirectoryRecheck directoryRecheck;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/clock".equals(request.getPathInfo())) {
            text(response, AdjustableClock.INSTANCE.instant().toString());
        } else if ("/outage-cache".equals(request.getPathInfo())) {
            // whether this node would serve the token's session during an outage
            text(
                    response,
                    Boolean.toString(sessions.validateDuringOutage(request.getParameter("token"))
                            .isPresent()));
        } else if ("/listener".equals(request.getPathInfo())) {
            // the server process of this node's LISTEN connection ("none" while it is not listening), and how
            // many rounds the listener has finished
            text(response, listener.backendPid().map(String::valueOf).orElse("none") + " " + listener.rounds());
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/clock" ->
                text(
                        response,
                        AdjustableClock.INSTANCE
                                .advance(Duration.ofSeconds(Long.parseLong(request.getParameter("advanceSeconds"))))
                                .toString());
            case "/clock-reset" ->
                text(response, AdjustableClock.INSTANCE.reset().toString());
            case "/cleanup" -> {
                SessionCleanup.Result result = cleanup.removeExpired();
                text(
                        response,
                        result.removed() + " " + result.batches() + " "
                                + result.took().toMillis());
            }
            case "/directory-recheck" -> {
                DirectoryRecheck.Round round = directoryRecheck.recheckDue();
                StringBuilder body = new StringBuilder();
                for (DirectorySync.Recheck kind : DirectorySync.Recheck.values()) {
                    body.append(kind).append('=').append(round.count(kind)).append(' ');
                }
                text(
                        response,
                        body.append("unavailable=")
                                .append(round.directoryUnavailable())
                                .toString());
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static void text(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(body);
    }
}
