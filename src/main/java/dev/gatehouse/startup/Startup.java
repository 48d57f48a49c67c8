package dev.gatehouse.startup;

import dev.gatehouse.config.DatabaseKind;
import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.session.CleanupScheduler;
import dev.gatehouse.session.DirectoryRecheck;
import dev.gatehouse.session.SessionChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Runs once while the application deploys, before it serves requests: settings are checked, the schema is
 * migrated, the first administrator exists, expired sessions start being cleaned up and, with a directory,
 * its users' live sessions start being rechecked. Any failure here fails the deployment.
 */
@ApplicationScoped
public class Startup {

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

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignore) {
        settings.idleTimeout(); // resolves the settings now, so invalid values stop the deployment
        migration.migrateAndValidate();
        initialAdmin.ensureExists();
        cleanupScheduler.start();
        directoryRecheck.start();
        if (database.isPostgresql()) {
            sessionChangeListener.start();
        }
    }
}
