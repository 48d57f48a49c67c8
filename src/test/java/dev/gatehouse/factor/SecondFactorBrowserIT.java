package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Authenticator;
import dev.gatehouse.testing.Browser;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.user.Role;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Two-step sign-in in headless Chromium, with screenshots: an administrator enrols at first sign-in (QR code and
 * typed key), signs in with a code, and confirms a dangerous action in the sudo prompt, which then completes.
 */
class SecondFactorBrowserIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final Browser.Launcher BROWSERS = new Browser.Launcher();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.secondFactorPolicy();
    }

    @AfterAll
    static void quitTheSpareBrowser() {
        BROWSERS.close();
    }

    @Test
    void anAdministratorEnrolsSignsInWithACodeAndConfirmsADangerousAction() {
        String admin = TestDatabase.uniqueUsername("bria");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        try (Browser browser = BROWSERS.start(client.base(), "anAdministratorEnrolsSignsInWithACode")) {
            browser.open("/admin/users.xhtml", "redirected-to-login").signIn(admin, PASSWORD, "password-accepted");
            assertEquals("/login-enrol.xhtml", browser.path());
            assertTrue(browser.has(By.cssSelector("#qr svg")), "the QR code is drawn");
            Authenticator app = Authenticator.fromPage(browser.driver().getPageSource());
            browser.find(By.id("enrol:code")).sendKeys(app.codeAt(server.now()));
            browser.screenshot("enrolment-code-typed");
            browser.find(By.id("enrol:submit")).click();
            browser.screenshot("recovery-codes");
            assertEquals(
                    10,
                    browser.driver().findElements(By.className("recovery-code")).size());
            browser.find(By.id("continue")).click();
            browser.open("/", "signed-in");
            assertTrue(browser.has(By.id("who")), "signed in after enrolling");

            browser.find(By.id("signOut:submit")).click();
            server.advanceClock(Duration.ofSeconds(30));
            browser.open("/login.xhtml", "signed-out").signIn(admin, PASSWORD, "second-step");
            assertEquals("/login-code.xhtml", browser.path());
            browser.find(By.id("code:value")).sendKeys(app.codeAt(server.now()));
            browser.screenshot("code-typed");
            browser.find(By.id("code:submit")).click();
            browser.screenshot("signed-in-with-code");
            assertTrue(browser.has(By.id("who")), "signed in with the code");

            server.advanceClock(Duration.ofMinutes(11));
            String newUser = TestDatabase.uniqueUsername("nico");
            browser.open("/admin/new-user.xhtml", "new-user-form");
            browser.find(By.id("newUser:username")).sendKeys(newUser);
            browser.find(By.id("newUser:displayName")).sendKeys("Nico New");
            browser.find(By.id("newUser:create")).click();
            browser.screenshot("sudo-prompt");
            assertTrue(browser.path().startsWith("/confirm.xhtml?held="), browser.path());
            assertEquals(0, db.queryLong("select count(*) from app_user where username = ?", newUser));

            browser.find(By.id("confirm:password")).sendKeys(PASSWORD);
            browser.find(By.id("confirm:code")).sendKeys(app.codeAt(server.now()));
            browser.screenshot("sudo-typed");
            browser.find(By.id("confirm:submit")).click();
            browser.waitUntilPathStartsWith("/admin/new-user.xhtml");
            browser.screenshot("action-completed");
            assertEquals(1, db.queryLong("select count(*) from app_user where username = ?", newUser));
            assertTrue(browser.has(By.id("generated-password")), "the original request's answer is shown");
        }
    }
}
