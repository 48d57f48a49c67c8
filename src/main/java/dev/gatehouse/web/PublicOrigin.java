package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * The origin users reach Gatehouse at: {@code gatehouse.public-origin} when it is set, otherwise the request's
 * own. Absolute redirects and the same-origin check of state-changing requests both come from here, so a
 * configured deployment never builds a URL from whatever {@code Host} header a client sent.
 */
@ApplicationScoped
public class PublicOrigin {

    private Optional<String> configured = Optional.empty();

    protected PublicOrigin() {
        // for CDI
    }

    @Inject
    public PublicOrigin(GatehouseSettings settings) {
        this.configured = settings.publicOrigin();
    }

    /** {@code scheme://host[:port]}, lower-cased. */
    public String of(HttpServletRequest request) {
        return configured.orElseGet(() -> {
            String host = request.getHeader("Host");
            return (request.getScheme() + "://" + (host == null ? request.getServerName() : host))
                    .toLowerCase(Locale.ROOT);
        });
    }

    /** Redirects (302) to {@code appPath}, a path inside this application that the caller built or checked. */
    public void redirect(HttpServletRequest request, HttpServletResponse response, String appPath) {
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", of(request) + request.getContextPath() + appPath);
    }
}
