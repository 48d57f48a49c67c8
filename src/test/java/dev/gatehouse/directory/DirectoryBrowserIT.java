package dev.gatehouse.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Browser;
import dev.gatehouse.testing.CompanyDirectory;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDirectory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/** A person from the company directory signs in with headless Chromium and sees what their groups grant. */
@ExtendWith(CompanyDirectory.Serving.class)
class DirectoryBrowserIT extends IntegrationTest {

    private static final String PASSWORD = "directory password of the browser test";
    private static final TestDirectory DIRECTORY = CompanyDirectory.SERVER;
    private static final Browser.Launcher BROWSERS = new Browser.Launcher();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.directory();
    }

    @AfterAll
    static void quitTheSpareBrowser() {
        BROWSERS.close();
    }

    @Test
    void aDirectoryAdminSeesTheAdminPagesAndTheirSourceAndAStaffMemberDoesNot(TestInfo info) {
        String admin = TestDatabase.uniqueUsername("bad");
        String staff = TestDatabase.uniqueUsername("bst");
        DIRECTORY.addUser(admin, "Ada from the Directory", PASSWORD);
        DIRECTORY.addUser(staff, "Sam from the Directory", PASSWORD);
        String team = "cn=team-" + admin + "," + TestDirectory.GROUPS_DN;
        DIRECTORY.addGroup(team, TestDirectory.userDn(admin));
        DIRECTORY.addToGroup(TestDirectory.ADMINS_DN, team);
        DIRECTORY.addToGroup(TestDirectory.STAFF_DN, TestDirectory.userDn(staff));
        String name = info.getTestMethod().orElseThrow().getName();

        try (Browser browser = BROWSERS.start(client.base(), name + "-admin")) {
            browser.open("/admin/users.xhtml?q=" + staff.substring(0, 3), "redirected-to-login")
                    .signIn(admin, PASSWORD, "users");

            assertEquals("/admin/users.xhtml", browser.path().replaceAll("\\?.*", ""));
            assertTrue(browser.text().contains("Ada from the Directory"), browser.text());
            browser.open("/admin/users.xhtml?q=" + admin, "own-row");
            assertEquals("directory", browser.find(By.cssSelector("td.source")).getText());
        }

        try (Browser browser = BROWSERS.start(client.base(), name + "-staff")) {
            browser.open("/login.xhtml", "login").signIn(staff, PASSWORD, "home");

            assertTrue(browser.text().contains("Sam from the Directory"), browser.text());
            browser.open("/admin/users.xhtml", "forbidden");
            assertTrue(browser.text().contains("You do not have permission"), browser.text());
            browser.open("/account/password.xhtml", "password-page");
            assertTrue(browser.has(By.id("directory-password")));
            assertFalse(browser.has(By.id("password:current")));
        }
    }
}
