package dev.gatehouse.testing;

import dev.gatehouse.config.DirectorySettings;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The company directory of the directory tests: one in-memory LDAPS server in this JVM on a port chosen once per
 * test run, and the deployment that signs in against it. Its first URL is a port nothing listens on, so every
 * directory sign-in of the tests also fails over.
 */
public final class CompanyDirectory {

    /** Where the directory listens (LDAPS, certificate for {@code localhost} in the deployment's trust store). */
    public static final int PORT = TestDirectory.freePort();

    /** A port nothing listens on: the first URL the deployment tries. */
    public static final int CLOSED_PORT = TestDirectory.freePort();

    public static final TestDirectory SERVER = new TestDirectory();

    /** Directory timeout of the test deployment: short, so that tests of a hanging server are quick. */
    public static final String TIMEOUT = "PT1S";

    private CompanyDirectory() {}

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
