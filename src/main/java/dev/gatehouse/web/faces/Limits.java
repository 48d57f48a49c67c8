package dev.gatehouse.web.faces;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The input limits pages render as {@code maxlength}, from where each is decided, so a form never disagrees with the
 * server.
 */
@Named("limits")
@ApplicationScoped
public class Limits {

    @Inject
    GatehouseSettings settings;

    /** {@code gatehouse.password.max-length}. */
    public int getPasswordMaxLength() {
        return settings.passwordMaxLength();
    }

    public int getUsernameMaxLength() {
        return Usernames.MAX_LENGTH;
    }

    public int getIpMaxLength() {
        return GatehouseSettings.MAX_IP_LENGTH;
    }
}
