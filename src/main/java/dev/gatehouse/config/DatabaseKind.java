package dev.gatehouse.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Which database the default data source turned out to be: PostgreSQL (several nodes, LISTEN/NOTIFY,
 * {@code SKIP LOCKED}) or the embedded H2 of a bare Payara Micro. Asked once, answered from then on.
 */
@ApplicationScoped
public class DatabaseKind {

    @PersistenceUnit(unitName = "gatehouse")
    EntityManagerFactory entityManagerFactory;

    private Boolean postgresql;

    public boolean isPostgresql() {
        if (postgresql == null) {
            postgresql = entityManagerFactory
                            .unwrap(SessionFactoryImplementor.class)
                            .getJdbcServices()
                            .getDialect()
                    instanceof PostgreSQLDialect;
        }
        return postgresql;
    }
}
