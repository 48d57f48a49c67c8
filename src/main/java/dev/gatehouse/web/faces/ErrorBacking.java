package dev.gatehouse.web.faces;

import dev.gatehouse.web.RetryAfter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Backs the error pages. For a server error it logs the failure under a short reference that the page
 * shows, so a user's report can be matched to the log without the page revealing anything about the cause.
 */
@Named
@RequestScoped
public class ErrorBacking {

    private static final System.Logger LOG = System.getLogger(ErrorBacking.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    HttpServletRequest request;

    private String reference;

    /** The reference of this server error, logged with the details the first time it is asked for. */
    public String getReference() {
        if (reference == null) {
            byte[] bytes = new byte[4];
            RANDOM.nextBytes(bytes);
            reference = HexFormat.of().formatHex(bytes);
            Throwable cause = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            LOG.log(
                    Level.ERROR,
                    "Server error, reference " + reference + ", for " + request.getMethod() + " "
                            + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    cause);
        }
        return reference;
    }

    /** Sets the status of an error page reached through an exception mapping (which would otherwise be 500). */
    public void respondWith(int status) {
        ((HttpServletResponse)
                        FacesContext.getCurrentInstance().getExternalContext().getResponse())
                .setStatus(status);
    }

    /** 503 with a hint when to retry, also when reached through the database-unavailable exception mapping. */
    public void unavailable() {
        HttpServletResponse response = (HttpServletResponse)
                FacesContext.getCurrentInstance().getExternalContext().getResponse();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        if (!response.containsHeader(RetryAfter.HEADER)) {
            response.setHeader(RetryAfter.HEADER, RetryAfter.DATABASE_UNAVAILABLE_SECONDS);
        }
    }

    /** A stale or tampered form is the client's problem, not a server error: answer 400, not 500. */
    public void viewExpired() {
        ((HttpServletResponse)
                        FacesContext.getCurrentInstance().getExternalContext().getResponse())
                .setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
}
