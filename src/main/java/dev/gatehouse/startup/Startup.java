package dev.gatehouse.startup;

import dev.gatehouse.config.DatabaseKind;
import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.factor.SecondFactors;
import dev.gatehouse.session.CleanupScheduler;
import dev.gatehouse.session.DirectoryRecheck;
import dev.gatehouse.session.SessionChangeListener;
import dev.gatehouse.user.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs once while the application deploys, before it serves requests: settings are checked, the schema is
 * migrated, stored second factors are checked against the secret key, the first administrator exists, expired sessions start being cleaned up and, with a directory,
 * its users' live sessions start being rechecked. Any failure here fails the deployment.
 */
@ApplicationScoped
public class Startup {

    private static final System.Logger LOG = System.getLogger(Startup.class.getName());

    @Inject
    GatehouseSettings settings;

    @Inject
    DatabaseMigration migration;

    @Inject
    InitialAdmin initialAdmin;

    @Inject
    CleanupScheduler cleanupScheduler;

    @Inject
    SessionChangeListener sessionChangeListener;

    @Inject
    DirectoryRecheck directoryRecheck;

    @Inject
    DatabaseKind database;

    @Inject
    SecondFactors factors;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignore) {
        settings.idleTimeout(); // resolves the settings now, so invalid values stop the deployment
        requireKnownRoles(settings.mfaRequiredRoles());
        migration.migrateAndValidate();
        factors.checkKeyMatchesStoredSecrets();
        if (!settings.mfaRequiredRoles().isEmpty() && !factors.available()) {
            LOG.log(
                    Level.WARNING,
                    "{0} requires a second factor for {1}, but {2} (GATEHOUSE_SECRET_KEY) is not set: those users"
                            + " cannot sign in until it is",
                    GatehouseSettings.MFA_REQUIRED_ROLES,
                    settings.mfaRequiredRoles(),
                    GatehouseSettings.SECRET_KEY);
        }
        initialAdmin.ensureExists();
        cleanupScheduler.start();
        directoryRecheck.start();
        if (database.isPostgresql()) {
            sessionChangeListener.start();
        }
    }

    /** A misspelt role would silently require a second factor of nobody. */
    static void requireKnownRoles(Set<String> roleNames) {
        Set<String> known = Arrays.stream(Role.values()).map(Role::roleName).collect(Collectors.toSet());
        List<String> unknown =
                roleNames.stream().filter(r -> !known.contains(r)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Invalid Gatehouse settings: " + GatehouseSettings.MFA_REQUIRED_ROLES
                    + " names unknown roles " + unknown + "; the roles are " + new TreeSet<>(known) + " (or "
                    + GatehouseSettings.NO_ROLES + ")");
        }
    }
}
