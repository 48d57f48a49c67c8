package dev.gatehouse.startup;

import dev.gatehouse.config.DatabaseKind;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.lang.System.Logger.Level;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;

/**
 * Brings the schema up to date with the versioned SQL in {@code db/migration} (and, on PostgreSQL, the
 * PostgreSQL-only migrations in {@code db/postgresql}), then has Hibernate check that the entities match it. The
 * ORM never creates or alters tables itself.
 */
@ApplicationScoped
public class DatabaseMigration {

    private static final System.Logger LOG = System.getLogger(DatabaseMigration.class.getName());

    /** The platform default data source: H2 on a bare Payara Micro, PostgreSQL once server-config/ points it there. */
    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    DatabaseKind database;

    @PersistenceUnit(unitName = "gatehouse")
    EntityManagerFactory entityManagerFactory;

    /** Applies pending migrations and validates the mapping against the result. */
    public void migrateAndValidate() {
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations(
                        database.isPostgresql()
                                ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                                : new String[] {"classpath:db/migration"})
                .load()
                .migrate();
        LOG.log(
                Level.INFO,
                "Database schema at version {0} ({1} migration(s) applied now)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
        entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
    }
}
