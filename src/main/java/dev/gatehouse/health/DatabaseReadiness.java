package dev.gatehouse.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the session database answers: a load balancer should send new sign-ins elsewhere when it does
 * not (already signed-in users keep working here for the outage grace). Served at {@code /health/ready}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "gatehouse-database";
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.execute("select 1");
            return HealthCheckResponse.up(NAME);
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.named(NAME)
                    .down()
                    .withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
