package dev.gatehouse.testing;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every integration test. The subclass names its deployment in a {@code @Deployment(testable =
 * false)} method (usually {@link GatehouseDeployment#standard()}); that deployment boots once per test run and is
 * shared with every class that deploys the same archive. So that no test depends on what ran before it, each test
 * gets its own HTTP client and database connection, and starts with the application's clock at the real time.
 * Tests create their own users with {@link TestDatabase#uniqueUsername}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class IntegrationTest {

    @ArquillianResource
    protected URL deploymentUrl;

    /** An HTTP client of the deployment, on 127.0.0.1. */
    protected TestClient client;

    /** The deployment's test-only controls: clock and cleanup. */
    protected TestServer server;

    /** A connection to the database the deployment uses. */
    protected TestDatabase db;

    @BeforeEach
    protected final void connectToTheDeployment() {
        client = new TestClient(deploymentUrl);
        server = new TestServer(client);
        server.resetClock();
        db = TestDatabase.connect();
    }

    @AfterEach
    protected final void closeTheDatabaseConnection() {
        if (db != null) {
            db.close();
        }
    }
}
