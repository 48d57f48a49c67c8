package dev.gatehouse.startup;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.GeneratedPasswords;
import dev.gatehouse.user.PasswordPolicy;
import dev.gatehouse.user.Role;
import dev.gatehouse.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.util.EnumSet;

/**
 * Makes sure a fresh installation can be administered: when no admin exists, creates {@code admin} with the
 * configured password, or with a random one that is written to the server log exactly once.
 */
@ApplicationScoped
public class InitialAdmin {

    public static final String USERNAME = "admin";

    private static final System.Logger LOG = System.getLogger(InitialAdmin.class.getName());

    @Inject
    UserService users;

    @Inject
    GatehouseSettings settings;

    @Inject
    PasswordPolicy policy;

    /** Creates the first administrator unless one exists already. */
    @Transactional
    public void ensureExists() {
        if (users.anyoneHasRole(Role.ADMIN)) {
            return;
        }
        if (settings.initialAdminPassword().isPresent()) {
            policy.check(USERNAME, settings.initialAdminPassword().get()).ifPresent(violation -> {
                throw new IllegalStateException(
                        GatehouseSettings.INITIAL_ADMIN_PASSWORD + " (GATEHOUSE_ADMIN_PASSWORD) "
                                + "breaks the password policy (" + violation + ": " + violation.messageKey()
                                + "); choose a longer, less common password that does not contain 'admin'."
                                + " Gatehouse does not start with it.");
            });
            users.create(
                    USERNAME,
                    "Administrator",
                    settings.initialAdminPassword().get(),
                    EnumSet.of(Role.ADMIN, Role.USER));
            LOG.log(
                    Level.INFO,
                    "Created the initial administrator ''{0}'' with the password from {1}.",
                    USERNAME,
                    GatehouseSettings.INITIAL_ADMIN_PASSWORD);
            return;
        }
        String password = GeneratedPasswords.next();
        users.create(USERNAME, "Administrator", password, EnumSet.of(Role.ADMIN, Role.USER));
        LOG.log(
                Level.WARNING,
                "Created the initial administrator ''{0}'' with the generated password: {1}"
                        + "  (shown only this once; set GATEHOUSE_ADMIN_PASSWORD before the first start to choose it)",
                USERNAME,
                password);
    }
}
