package dev.gatehouse.testing;

import dev.gatehouse.config.DirectorySettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The company directory of the directory tests: one in-memory LDAPS server in this JVM on a port chosen once per
 * test run, and the deployment that signs in against it. Its first URL is a port nothing listens on, so every
 * directory sign-in of the tests also fails over.
 */
public final class CompanyDirectory {

    /** Where the directory listens (LDAPS, certificate for {@code localhost} in the deployment's trust store). */
    public static final int PORT = portBelowEphemeralRange();

    /** A port nothing listens on: the first URL the deployment tries. */
    public static final int CLOSED_PORT = portBelowEphemeralRange();

    public static final TestDirectory SERVER = new TestDirectory();

    /** Directory timeout of the test deployment: short, so that tests of a hanging server are quick. */
    public static final String TIMEOUT = "PT1S";

    /** Where ports are picked when the kernel does not say where its ephemeral range begins. */
    private static final int LOWEST_PORT = 20000;

    /** The last port picked, so the two ports differ. */
    private static int picked;

    private CompanyDirectory() {}

    /**
     * A free port below the kernel's range for outgoing connections: tests stop and restart the directory on its
     * port, and while it is stopped an outgoing connection (to PostgreSQL, to Payara) could otherwise take the port
     * as its own local one and keep it.
     */
    private static int portBelowEphemeralRange() {
        int ephemeralStart = 32768;
        try {
            ephemeralStart = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException ignore) {
            // not Linux: the usual start of the range
        }
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = LOWEST_PORT + random.nextInt(Math.max(1000, ephemeralStart - LOWEST_PORT));
            if (port == picked) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                picked = port;
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free port below " + ephemeralStart);
    }

    /**
     * For the test classes that deploy {@link #deployment()}: before each test the directory serves on
     * {@link #PORT} with the trusted certificate and the base entries only (whatever the test before broke), and
     * after the class it stops.
     */
    public static final class Serving implements BeforeEachCallback, AfterAllCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            SERVER.stop();
            SERVER.start(PORT);
            SERVER.reset();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            SERVER.stop();
        }
    }

    /** The standard deployment plus the directory: staff map to {@code user}, intranet admins to {@code admin}. */
    static WebArchive deployment() {
        return GatehouseDeployment.packagedWar()
                .withExampleApp()
                .withoutLoginRateLimit()
                .withSetting(
                        DirectorySettings.URLS,
                        TestDirectory.ldapsUrl(CLOSED_PORT) + "," + TestDirectory.ldapsUrl(PORT))
                .withSetting(DirectorySettings.BIND_DN, TestDirectory.SERVICE_ACCOUNT_DN)
                .withSetting(DirectorySettings.BIND_PASSWORD, TestDirectory.SERVICE_ACCOUNT_PASSWORD)
                .withSetting(DirectorySettings.USER_BASE, TestDirectory.PEOPLE_DN)
                .withSetting(DirectorySettings.GROUP_ROLES, TestDirectory.GROUP_ROLES)
                .withSetting(
                        DirectorySettings.TRUST_STORE,
                        TestDirectory.trustStorePem().toString())
                .withSetting(DirectorySettings.TIMEOUT, TIMEOUT)
                .build();
    }
}
