package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Browser;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TwoStep;
import dev.gatehouse.user.Role;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in headless Chromium with its virtual authenticator (CTAP2, resident keys, user verification), on
 * {@code http://localhost:<port>}, the deployment's public origin and so its relying party: registering one from the
 * account page, signing in with password and passkey, and with the passkey alone; a removed passkey and a cloned
 * authenticator (its counter gone back) are refused; an administrator ({@code admin:passkey}) with an authenticator
 * app is made to enrol and use a passkey instead. Screenshots under {@code target/screenshots/}.
 */
class PasskeyBrowserIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final Browser.Launcher BROWSERS = new Browser.Launcher();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.passkeys();
    }

    @AfterAll
    static void quitTheSpareBrowser() {
        BROWSERS.close();
    }

    /** The public origin: the browser must be on it, as the relying-party id is {@code localhost}. */
    private URI publicBase() {
        return URI.create("http://localhost:" + client.base().getPort());
    }

    private static VirtualAuthenticator authenticatorIn(Browser browser) {
        return ((HasVirtualAuthenticator) browser.driver())
                .addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true)
                        .setIsUserConsenting(true));
    }

    private long signCountOf(String username) {
        return db.queryLong(
                "select p.sign_count from passkey p join app_user u on u.id = p.user_id where u.username = ?",
                username);
    }

    /** Signs in with the password (no factor yet) and adds a passkey named {@code name} from the account page. */
    private void signInAndRegister(Browser browser, String username, String name) {
        browser.open("/login.xhtml", "login").signIn(username, PASSWORD, "signed-in-with-password");
        assertTrue(browser.has(By.id("who")), "signed in with the password alone");
        addPasskey(browser, name);
    }

    private static void addPasskey(Browser browser, String name) {
        browser.open("/account/passkeys.xhtml", "passkeys-page");
        browser.find(By.id("start:submit")).click();
        browser.screenshot("registration-form");
        browser.find(By.id("register:name")).sendKeys(name);
        browser.find(By.id("register:submit")).click();
        browser.waitUntil(b -> b.text().contains("Passkey \"" + name + "\" added."));
        browser.screenshot("passkey-added");
    }

    /**
     * Signs out with the authenticator's passkeys put aside, and returns them. The sign-in page asks for a passkey in
     * the browser's autofill (conditional mediation) as soon as it loads; a person picks one from the list, while
     * the virtual authenticator, which consents to everything, answers at once. Tests that want the password
     * first hand the passkeys back once past that page.
     */
    private static List<Credential> signOutWithoutPasskeys(Browser browser, VirtualAuthenticator authenticator) {
        List<Credential> kept = authenticator.getCredentials();
        authenticator.removeAllCredentials();
        signOut(browser);
        return kept;
    }

    private static void signOut(Browser browser) {
        browser.find(By.id("signOut:submit")).click();
        browser.waitUntil(b -> b.path().startsWith("/login.xhtml") && b.has(By.id("login:username")));
    }

    /**
     * Hands passkeys back to the authenticator from a blank page, so the sign-in page left behind (whose autofill
     * request found none) cannot answer with them: only the next page load asks.
     */
    private static void giveBackElsewhere(
            Browser browser, VirtualAuthenticator authenticator, List<Credential> passkeys) {
        browser.driver().get("about:blank");
        giveBack(authenticator, passkeys);
    }

    private static void giveBack(VirtualAuthenticator authenticator, List<Credential> passkeys) {
        passkeys.forEach(passkey -> authenticator.addCredential(Credential.createResidentCredential(
                passkey.getId(),
                passkey.getRpId(),
                passkey.getPrivateKey(),
                passkey.getUserHandle(),
                passkey.getSignCount())));
    }

    /** Signs out with the passkeys in place: the sign-in page's autofill request signs the passkey's owner in. */
    private static void signOutAndLetAutofillAnswer(Browser browser) {
        browser.find(By.id("signOut:submit")).click();
        browser.waitUntil(b -> b.path().equals("/") || b.text().contains("That passkey was not accepted"));
    }

    @Test
    void aUserRegistersAPasskeyAndThenSignsInWithPasswordAndPasskey() {
        String user = TestDatabase.uniqueUsername("pia");
        db.createUser(user, PASSWORD, Role.USER);
        try (Browser browser = BROWSERS.start(publicBase(), "aUserRegistersAPasskey")) {
            VirtualAuthenticator authenticator = authenticatorIn(browser);
            signInAndRegister(browser, user, "Work laptop");
            assertEquals(
                    1,
                    db.queryLong(
                            "select count(*) from passkey p join app_user u on u.id = p.user_id where u.username = ? and p.name = ?",
                            user,
                            "Work laptop"));
            assertTrue(browser.text().contains("Work laptop"), "the list shows the new passkey");

            List<Credential> passkeys = signOutWithoutPasskeys(browser, authenticator);
            browser.open("/login.xhtml", "login-again").signIn(user, PASSWORD, "password-accepted");
            assertEquals("/login-code.xhtml", browser.path());
            assertFalse(browser.has(By.id("code:value")), "no authenticator app: no code field");
            giveBack(authenticator, passkeys);
            browser.find(By.id("passkey:submit")).click();
            browser.waitUntil(b -> b.has(By.id("who")));
            browser.screenshot("signed-in-with-passkey");

            assertEquals(
                    "PASSKEY",
                    db.queryString(
                            "select s.second_factor from auth_session s join app_user u on u.id = s.user_id"
                                    + " where u.username = ?",
                            user));
            assertEquals(1, db.auditEventsWithDetail("SIGN_IN_SUCCEEDED", user, "password and passkey"));
            assertTrue(
                    db.queryLong(
                                    "select count(*) from passkey p join app_user u on u.id = p.user_id"
                                            + " where u.username = ? and p.last_used_at is not null",
                                    user)
                            == 1,
                    "the last use is recorded");
        }
    }

    @Test
    void aPasskeyOfferedInTheSignInPagesAutofillSignsInWithoutAPassword() {
        String user = TestDatabase.uniqueUsername("quinn");
        db.createUser(user, PASSWORD, Role.USER);
        try (Browser browser = BROWSERS.start(publicBase(), "aPasskeyAloneSignsIn")) {
            VirtualAuthenticator authenticator = authenticatorIn(browser);
            signInAndRegister(browser, user, "Phone");
            List<Credential> passkeys = signOutWithoutPasskeys(browser, authenticator);
            assertEquals(
                    "username webauthn",
                    browser.find(By.id("login:username")).getAttribute("autocomplete"),
                    "the username field offers passkeys in the browser's autofill (conditional UI)");

            giveBackElsewhere(browser, authenticator, passkeys);
            browser.open("/login.xhtml", "autofill-answers"); // conditional mediation: the passkey is picked
            browser.waitUntil(b -> b.has(By.id("who")));
            browser.screenshot("signed-in-without-password");
            assertEquals(
                    1, db.auditEventsWithDetail("SIGN_IN_SUCCEEDED", user, "passkey \"Phone\", without a password"));
        }
    }

    @Test
    void aRemovedPasskeyNoLongerSignsIn() {
        String user = TestDatabase.uniqueUsername("rhea");
        db.createUser(user, PASSWORD, Role.USER);
        try (Browser browser = BROWSERS.start(publicBase(), "aRemovedPasskeyNoLongerSignsIn")) {
            authenticatorIn(browser);
            signInAndRegister(browser, user, "Old key");
            browser.find(By.linkText("Old key")).click();
            browser.waitUntilPathStartsWith("/account/passkey.xhtml");
            browser.screenshot("one-passkey");
            browser.find(By.id("remove:submit")).click();
            browser.waitUntil(b -> b.text().contains("Passkey removed."));
            browser.screenshot("passkey-removed");
            assertEquals(1, db.auditEvents("PASSKEY_REMOVED", user, user));

            signOutAndLetAutofillAnswer(browser); // the authenticator still holds the removed passkey and answers
            assertTrue(browser.text().contains("That passkey was not accepted"), browser.text());
            browser.screenshot("removed-passkey-refused");
            assertFalse(browser.has(By.id("who")));
            assertEquals(0, db.countSessionsOf(user));
        }
    }

    @Test
    void aClonedAuthenticatorWhoseCounterWentBackIsRefusedAndAudited() {
        String user = TestDatabase.uniqueUsername("sven");
        db.createUser(user, PASSWORD, Role.USER);
        try (Browser browser = BROWSERS.start(publicBase(), "aClonedAuthenticatorIsRefused")) {
            VirtualAuthenticator authenticator = authenticatorIn(browser);
            signInAndRegister(browser, user, "Cloned");
            Credential copied = authenticator.getCredentials().get(0); // the key and its counter, as a thief copies it
            signOutAndLetAutofillAnswer(browser); // the owner signs in without a password: the counter moves on
            assertTrue(browser.has(By.id("who")), browser.text());
            long stored = signCountOf(user);
            assertTrue(stored > copied.getSignCount(), "the virtual authenticator counts its signatures");

            signOutWithoutPasskeys(browser, authenticator);
            giveBackElsewhere(browser, authenticator, List.of(copied)); // the clone, at the copied counter
            browser.open("/login.xhtml", "clone-answers");
            browser.waitUntil(b -> b.text().contains("That passkey was not accepted"));
            browser.screenshot("clone-refused");
            assertFalse(browser.has(By.id("who")));
            assertEquals(1, db.auditEvents("PASSKEY_CLONE_SUSPECTED", user, null));
            assertEquals(stored, signCountOf(user), "a refused answer moves no counter");
        }
    }

    @Test
    void anAdministratorWithAnAuthenticatorAppMustEnrolAndUseAPasskey() {
        String admin = TestDatabase.uniqueUsername("tara");
        long id = db.createUser(admin, PASSWORD, Role.USER);
        String token = client.signInForToken(admin, PASSWORD);
        // an authenticator app, while still a plain user (enrolling gives the session a new token)
        TwoStep.Enrolled app = new TwoStep(client).enrolFromAccount(token, server);
        String appSession = app.token();
        db.update("insert into user_role (user_id, role) values (?, ?)", id, Role.ADMIN.name());
        server.advanceClock(Duration.ofSeconds(30)); // the app's next code

        try (Browser browser = BROWSERS.start(publicBase(), "anAdministratorMustUseAPasskey")) {
            VirtualAuthenticator authenticator = authenticatorIn(browser);
            browser.open("/admin/users.xhtml", "redirected-to-login").signIn(admin, PASSWORD, "password-accepted");
            assertEquals("/login-enrol.xhtml", browser.path(), "admin:passkey: the app does not do, a passkey is due");
            assertFalse(browser.has(By.id("enrol:code")), "no authenticator app is offered to an administrator");
            browser.find(By.id("passkey:code")).sendKeys(app.app().codeAt(server.now())); // the factor they have
            browser.find(By.id("passkey:name")).sendKeys("Admin key");
            browser.find(By.id("passkey:submit")).click();
            browser.waitUntilPathStartsWith("/admin/users.xhtml");
            browser.screenshot("admin-signed-in-after-enrolling-a-passkey");
            assertEquals(1, db.auditEventsWithDetail("PASSKEY_REGISTERED", admin, "%at sign-in"));

            List<Credential> passkeys = signOutWithoutPasskeys(browser, authenticator);
            browser.open("/login.xhtml", "login-again").signIn(admin, PASSWORD, "second-step");
            assertEquals("/login-code.xhtml", browser.path());
            assertFalse(browser.has(By.id("code:value")), "the authenticator app's code is not accepted for admin");
            assertTrue(browser.text().contains("codes from an app or recovery codes are not accepted"));
            giveBack(authenticator, passkeys);
            browser.find(By.id("passkey:submit")).click();
            browser.waitUntil(b -> b.has(By.id("who")));
            browser.open("/admin/users.xhtml", "admin-console");
            assertEquals("/admin/users.xhtml", browser.path());
            assertEquals(
                    "PASSKEY",
                    db.queryString(
                            "select second_factor from auth_session where user_id = ? order by created_at desc limit 1",
                            id));
        }
        HttpResponse<String> held = client.getWithSession("/admin/users.xhtml", appSession);
        assertEquals(302, held.statusCode(), "the session that proved only the app's code is held");
        assertEquals(
                publicBase() + "/account/passkeys.xhtml?notice=required",
                held.headers().firstValue("Location").orElseThrow());
    }
}
