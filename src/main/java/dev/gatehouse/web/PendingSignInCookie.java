package dev.gatehouse.web;

import dev.gatehouse.config.GatehouseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The cookie ({@code <session cookie name>-pending}) that carries a browser from the password to the second step of
 * a sign-in: a random token for a short-lived server-side state, read only by the second-step pages.
 */
@ApplicationScoped
public class PendingSignInCookie extends ShortLivedCookie {

    protected PendingSignInCookie() {
        // for CDI
    }

    @Inject
    public PendingSignInCookie(SessionCookie sessionCookie, GatehouseSettings settings) {
        super(sessionCookie, "-pending", settings.pendingSignInLifetime());
    }
}
