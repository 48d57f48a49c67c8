package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.testing.Browser;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.user.Role;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Real sign-in flows in headless Chromium: what users see and what the browser keeps. */
class BrowserIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final Browser.Launcher BROWSERS = new Browser.Launcher();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.standard();
    }

    private String user;
    private String testName;

    @BeforeEach
    void createUser(TestInfo info) {
        user = TestDatabase.uniqueUsername("bea");
        db.createUser(user, PASSWORD, Role.USER);
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterAll
    static void quitTheSpareBrowser() {
        BROWSERS.close();
    }

    private Browser browser(String suffix) {
        return BROWSERS.start(client.base(), testName + suffix);
    }

    @Test
    void protectedUrlLeadsThroughSignInBackToIt() {
        try (Browser browser = browser("")) {
            browser.open("/account/sessions.xhtml", "redirected-to-login");
            assertTrue(browser.path().startsWith("/login.xhtml?return="), browser.path());

            browser.signIn(user, PASSWORD, "signed-in");

            assertEquals("/account/sessions.xhtml", browser.path());
            assertTrue(browser.text().contains("Your sessions"));
        }
    }

    @Test
    void theSessionCookieIsHttpOnlySecureLaxHostOnlyAndInvisibleToScripts() {
        try (Browser browser = browser("")) {
            browser.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");

            Cookie cookie = browser.sessionCookie();
            assertNotNull(cookie, "the browser kept the session cookie");
            assertTrue(cookie.isHttpOnly());
            assertTrue(cookie.isSecure());
            assertEquals("Lax", cookie.getSameSite());
            assertEquals("/", cookie.getPath());
            assertEquals("127.0.0.1", cookie.getDomain(), "host-only: no Domain attribute");
            String visible = String.valueOf(browser.script("return document.cookie"));
            assertFalse(visible.contains(TestClient.COOKIE_NAME), "document.cookie: " + visible);
        }
    }

    @Test
    void signOutShowsTheLoginPageAndNeitherBackNorTheOldCookieBringsTheSessionBack() {
        try (Browser browser = browser("")) {
            browser.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");
            assertTrue(browser.text().contains(user));
            String oldToken = browser.sessionCookie().getValue();

            browser.find(By.id("signOut:submit")).click();
            browser.screenshot("signed-out");
            assertTrue(browser.path().startsWith("/login.xhtml"), browser.path());
            assertTrue(browser.text().contains("You have signed out."));
            assertNull(browser.sessionCookie());

            browser.driver().navigate().back();
            browser.waitUntilPathStartsWith("/login.xhtml");
            browser.screenshot("after-back");
            assertFalse(browser.text().contains("Session started"), "the protected page is not shown again");
            assertTrue(browser.path().startsWith("/login.xhtml"), browser.path());
            assertEquals(401, client.getWithSession("/api/me", oldToken).statusCode(), "the old cookie, replayed");
        }
    }

    @Test
    void wrongPasswordShowsTheGenericErrorKeepsTheUsernameAndClearsThePassword() {
        try (Browser browser = browser("")) {
            browser.open("/login.xhtml", "login").signIn(user, "not the password", "failed");

            assertTrue(browser.text().contains("Incorrect username or password."));
            assertEquals(user, browser.find(By.id("login:username")).getAttribute("value"));
            assertEquals("", browser.find(By.id("login:password")).getAttribute("value"));
        }
    }

    @Test
    void afterTheIdleTimeoutTheNextClickLandsOnTheLoginPageWithTheReason() {
        try (Browser browser = browser("")) {
            browser.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");
            new TestServer(client).advanceClock(GatehouseSettings.DEFAULT_IDLE_TIMEOUT.plus(Duration.ofSeconds(1)));

            browser.find(By.linkText("Your sessions")).click();
            browser.screenshot("after-idle");

            assertTrue(browser.path().startsWith("/login.xhtml"), browser.path());
            assertTrue(browser.text().contains("Your session has ended. Please sign in again."));
        }
    }

    @Test
    void anAdminEndsAnotherBrowsersSessionAndItsNextClickSignsItOut() {
        String admin = TestDatabase.uniqueUsername("adm");
        db.createUser(admin, PASSWORD, Role.USER, Role.ADMIN);
        try (Browser theirs = browser("-user");
                Browser mine = browser("-admin")) {
            theirs.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");
            mine.open("/login.xhtml", "login").signIn(admin, PASSWORD, "home");

            mine.open("/admin/sessions.xhtml?user=" + user, "sessions-of-user");
            mine.find(By.linkText("End session")).click();
            mine.screenshot("confirm");
            mine.find(By.id("confirm:submit")).click();
            mine.screenshot("ended");
            assertTrue(mine.text().contains("One session was ended."));

            theirs.find(By.linkText("Your sessions")).click();
            theirs.screenshot("next-click");
            assertTrue(theirs.path().startsWith("/login.xhtml"), theirs.path());
        }
    }

    @Test
    void signOutEverywhereElseEndsTheOtherBrowser() {
        try (Browser laptop = browser("-laptop");
                Browser phone = browser("-phone")) {
            laptop.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");
            phone.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");

            laptop.open("/account/sessions.xhtml", "my-sessions");
            assertEquals(
                    2,
                    laptop.driver()
                            .findElements(By.cssSelector("#my-sessions tbody tr"))
                            .size());
            laptop.find(By.id("everywhere-else")).click();
            laptop.find(By.id("confirm:submit")).click();
            laptop.screenshot("signed-out-elsewhere");
            assertEquals(
                    1,
                    laptop.driver()
                            .findElements(By.cssSelector("#my-sessions tbody tr"))
                            .size());

            phone.find(By.linkText("Home")).click();
            phone.screenshot("next-click");
            assertTrue(phone.path().startsWith("/login.xhtml"), phone.path());
        }
    }

    @Test
    void signingInWorksWithTheKeyboardAlone() {
        try (Browser browser = browser("")) {
            browser.open("/login.xhtml", "login");
            WebElement focused = browser.driver().switchTo().activeElement();
            assertEquals("login:username", focused.getAttribute("id"), "the username field has focus on load");

            focused.sendKeys(user);
            focused.sendKeys(Keys.TAB);
            WebElement password = browser.driver().switchTo().activeElement();
            assertEquals("login:password", password.getAttribute("id"), "Tab moves to the password");
            password.sendKeys(PASSWORD);
            password.sendKeys(Keys.ENTER);
            browser.screenshot("after-enter");

            assertEquals("/", browser.path());
            assertTrue(browser.text().contains(user));
        }
    }

    @Test
    void aNonAdminOpeningAnAdminPageSeesTheForbiddenPage() {
        try (Browser browser = browser("")) {
            browser.open("/login.xhtml", "login").signIn(user, PASSWORD, "home");
            browser.open("/admin/users.xhtml", "forbidden");

            assertTrue(browser.text().contains("You do not have permission to open this page."));
            assertTrue(browser.has(By.id("signOut:submit")), "in the normal layout, still signed in");
        }
    }
}
