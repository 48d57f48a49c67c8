package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The cookie ({@code <session cookie name>-held}) holding the key of a request held during a re-authentication
 * (see {@code HeldRequests}): the database keeps the sealed form, only the browser that sent it can open it.
 */
@ApplicationScoped
public class HeldRequestCookie extends ShortLivedCookie {

    protected HeldRequestCookie() {
        // for CDI
    }

    @Inject
    public HeldRequestCookie(SessionCookie sessionCookie, GatehouseSettings settings) {
        super(sessionCookie, "-held", settings.pendingSignInLifetime());
    }
}
