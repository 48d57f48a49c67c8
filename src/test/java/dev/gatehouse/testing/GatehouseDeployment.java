package dev.gatehouse.testing;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.example.QuarterlyReport;
import dev.gatehouse.testing.server.AdjustableClock;
import dev.gatehouse.testing.server.AdjustableClockProducer;
import dev.gatehouse.testing.server.AdminServicesProbe;
import dev.gatehouse.testing.server.TestSupportServlet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the archive integration tests deploy: the WAR that {@code mvn package} produced (so tests exercise
 * the real artifact), deployed at the root context, plus the test-only controls of {@code TestSupportServlet} and
 * optional setting overrides. Each distinct archive boots once per test run and is shared by every test class
 * that deploys the same one, so classes should use {@link #standard()} unless they need different settings.
 */
public final class GatehouseDeployment {

    private static final String CONFIG_PATH = "/WEB-INF/classes/META-INF/microprofile-config.properties";

    private final Map<String, String> settings = new LinkedHashMap<>();
    private boolean exampleApp;
    private int httpPort;

    /**
     * Where a deployment that must know its own port in advance names it: the test container boots that deployment's
     * Payara Micro on it (see {@code SharedPayaraMicroContainer}). Never part of the real WAR.
     */
    public static final String HTTP_PORT_PATH = "/WEB-INF/test-http-port";

    private GatehouseDeployment() {
        withSetting(GatehouseSettings.PUBLIC_PATHS, TestSupportServlet.PATH);
        // only tests start cleanup runs, so no background run on any of the servers a test run keeps up
        // changes what a test counts
        withSetting(GatehouseSettings.CLEANUP_PERIOD, "PT24H");
        withSetting(GatehouseSettings.SECRET_KEY, TEST_SECRET_KEY);
        // most suites sign in as administrators many times a minute; the policy is tested on its own deployment
        withSetting(GatehouseSettings.MFA_REQUIRED_ROLES, GatehouseSettings.NO_ROLES);
    }

    /** The key test deployments seal second-factor secrets with (every node of a test run shares it). */
    public static final String TEST_SECRET_KEY = "dGVzdC1vbmx5IGtleTsgbmV2ZXIgcHJvZHVjdGlvbiE=";

    /**
     * The standard deployment with the shipped second-factor policy: administrators must sign in with a second
     * factor and enrol one first if they have none.
     */
    public static WebArchive secondFactorPolicy() {
        return packagedWar()
                .withExampleApp()
                .withoutLoginRateLimit()
                .withoutSetting(GatehouseSettings.MFA_REQUIRED_ROLES)
                .build();
    }

    /**
     * The packaged WAR with an adjustable clock and the test-only controls of {@code TestSupportServlet} (see
     * {@link TestServer}), whose path is public. Never part of the real WAR.
     */
    public static GatehouseDeployment packagedWar() {
        return new GatehouseDeployment();
    }

    /** Cleanup batch size of the standard deployment: many short transactions, so a sign-in can run during one. */
    public static final int STANDARD_CLEANUP_BATCH = 100;

    /**
     * The deployment most test classes share: the packaged WAR with the example application, without the per-IP
     * sign-in limit (every test client signs in from 127.0.0.1; the limit is tested on its own deployment) and
     * with small cleanup batches.
     */
    public static WebArchive standard() {
        return packagedWar()
                .withExampleApp()
                .withoutLoginRateLimit()
                .withSetting(GatehouseSettings.CLEANUP_BATCH_SIZE, Integer.toString(STANDARD_CLEANUP_BATCH))
                .build();
    }

    /**
     * The standard deployment signing in against the tests' company directory ({@link CompanyDirectory}), which
     * the test class starts and stops.
     */
    public static WebArchive directory() {
        return CompanyDirectory.deployment();
    }

    /**
     * The standard deployment with passkeys: reached at {@code http://localhost:<port>} (the public origin, so the
     * relying-party id is {@code localhost}, which browsers accept over plain HTTP, unlike 127.0.0.1), on a free port
     * chosen now. Administrators must use a passkey ({@code admin:passkey}) and passkeys alone sign in. The tests'
     * HTTP client, on 127.0.0.1, stays an allowed origin.
     */
    public static WebArchive passkeys() {
        int port = PASSKEY_PORT.updateAndGet(chosen -> chosen == 0 ? freePort() : chosen);
        return packagedWar()
                .withExampleApp()
                .withoutLoginRateLimit()
                .onPort(port)
                .withSetting(GatehouseSettings.PUBLIC_ORIGIN, "http://localhost:" + port)
                .withSetting(GatehouseSettings.ALLOWED_ORIGINS, "http://127.0.0.1:" + port)
                .withSetting(GatehouseSettings.MFA_REQUIRED_ROLES, "admin" + GatehouseSettings.PASSKEY_SUFFIX)
                .withSetting(GatehouseSettings.PASSKEY_PASSWORDLESS, "true")
                .build();
    }

    /** The port of the passkey deployment, chosen once per test run so that its test classes share one server. */
    private static final java.util.concurrent.atomic.AtomicInteger PASSKEY_PORT =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Boots this deployment's server on {@code port} rather than a random one. */
    public GatehouseDeployment onPort(int port) {
        this.httpPort = port;
        return this;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves one Gatehouse setting at its shipped default. */
    public GatehouseDeployment withoutSetting(String key) {
        settings.remove(key);
        return this;
    }

    /** Overrides one Gatehouse setting (a {@code GatehouseSettings} key) for this deployment. */
    public GatehouseDeployment withSetting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /**
     * Adds the example intranet application of {@code dev.gatehouse.example} (a page, a REST resource and an
     * enterprise bean, each protected by role) and the probe that calls admin services as the request's caller.
     */
    public GatehouseDeployment withExampleApp() {
        exampleApp = true;
        return this;
    }

    /** Lifts the per-IP sign-in limit: every test client signs in from 127.0.0.1. */
    public GatehouseDeployment withoutLoginRateLimit() {
        return withSetting(GatehouseSettings.LOGIN_RATE_PER_MINUTE, "1000000");
    }

    public WebArchive build() {
        String path = System.getProperty("gatehouse.war");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("The packaged WAR was not found (system property gatehouse.war = " + path
                    + "). Run the integration tests through Maven: mvn verify");
        }
        createTempDirectory();
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(path))
                .as(WebArchive.class);
        war.addClasses(AdjustableClock.class, AdjustableClockProducer.class, TestSupportServlet.class);
        if (exampleApp) {
            war.addPackage(QuarterlyReport.class.getPackage()).addClass(AdminServicesProbe.class);
        }
        StringBuilder properties = new StringBuilder("# overrides for this test deployment\n");
        settings.forEach(
                (key, value) -> properties.append(key).append('=').append(value).append('\n'));
        war.delete(CONFIG_PATH);
        war.add(new StringAsset(properties.toString()), CONFIG_PATH);
        if (httpPort > 0) {
            war.add(new StringAsset(Integer.toString(httpPort)), HTTP_PORT_PATH);
        }
        return war;
    }

    /** The container boots Payara Micro in a folder under java.io.tmpdir, which Maven points into target/. */
    private static void createTempDirectory() {
        try {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
