package dev.gatehouse.factor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testing.Forgeries;
import dev.gatehouse.testing.GatehouseDeployment;
import dev.gatehouse.testing.IntegrationTest;
import dev.gatehouse.testing.TestClient;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TwoStep;
import dev.gatehouse.user.Role;
import dev.gatehouse.web.CsrfTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Passkeys attacked over HTTP with a software authenticator that signs whatever a test asks: answers replayed, raced,
 * made for another origin or another sign-in, codes forged where only passkeys count, other users' passkeys named,
 * changes without sudo mode, and garbage in every field. The happy paths run in Chromium ({@code PasskeyBrowserIT}).
 */
class PasskeyIT extends IntegrationTest {

    private static final String PASSWORD = "a long enough test password";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern CHALLENGE = Pattern.compile("data-challenge=\"([A-Za-z0-9_-]+)\"");
    private static final Pattern USER_HANDLE = Pattern.compile("data-user-handle=\"([A-Za-z0-9_-]+)\"");
    private static final byte UP_UV = SoftAuthenticator.UP | SoftAuthenticator.UV;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GatehouseDeployment.passkeys();
    }

    private String origin() {
        return "http://localhost:" + client.base().getPort();
    }

    /** A user's passkey: the software authenticator holding it, its user handle, and the session's token now. */
    private record Registered(SoftAuthenticator key, byte[] userHandle, String token) {}

    /** Registers a passkey from the account page as the holder of {@code token}, signed for {@code origin}. */
    private Registered register(String token, String name, SoftAuthenticator key) {
        String cookie = TestClient.COOKIE_NAME + "=" + token;
        HttpResponse<String> started = client.submit("/account/passkeys.xhtml", token, "start", "submit", Map.of());
        assertEquals(200, started.statusCode(), started.body());
        byte[] challenge = decoded(CHALLENGE, started.body());
        byte[] handle = decoded(USER_HANDLE, started.body());
        SoftAuthenticator.Registration created = key.register(origin(), "localhost", challenge, UP_UV);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("register", "register");
        form.put("passkeyRegistration", "1");
        form.put("register:name", name);
        form.put("register:pkClientData", B64.encodeToString(created.clientDataJson()));
        form.put("register:pkAttestation", B64.encodeToString(created.attestationObject()));
        form.put("register:pkTransports", "internal");
        form.put("register:submit", "x");
        form.put("jakarta.faces.ViewState", TestClient.viewState(started.body()));
        form.put(CsrfTokens.FIELD, TestClient.csrfToken(started.body()));
        HttpResponse<String> registered = client.postForm("/account/passkeys.xhtml", form, "Cookie", cookie);
        assertEquals(200, registered.statusCode(), registered.body());
        assertTrue(registered.body().contains("Passkey \"" + name + "\" added."), registered.body());
        String rotated = TestClient.sessionCookie(registered)
                .orElseThrow(() -> new AssertionError("registering rotates the session token"))
                .value();
        return new Registered(key, handle, rotated);
    }

    /** A user with one passkey, signed out again. */
    private Registered userWithPasskey(String username, Role... roles) {
        db.createUser(username, PASSWORD, roles);
        String token = client.signInForToken(username, PASSWORD);
        Registered registered = register(token, "Laptop", new SoftAuthenticator());
        client.signOut(registered.token());
        return registered;
    }

    /** The password step: the pending sign-in's cookie value, after a redirect to {@code page}. */
    private String password(String username, String page) {
        HttpResponse<String> response = client.signIn(username, PASSWORD, null);
        assertEquals(302, response.statusCode(), response.body());
        assertEquals(origin() + page, response.headers().firstValue("Location").orElseThrow());
        return TestClient.cookie(response, TwoStep.PENDING_COOKIE_NAME)
                .orElseThrow()
                .value();
    }

    /** A page loaded with {@code cookies}, and the cookies to post its forms with (its pre-session cookie added). */
    private record Loaded(HttpResponse<String> page, String cookies) {
        byte[] challenge() {
            return decoded(CHALLENGE, page.body());
        }
    }

    private Loaded load(String path, String cookies) {
        HttpResponse<String> page = client.get(path, "Cookie", cookies);
        assertEquals(200, page.statusCode(), page.body());
        String withPresession = cookies
                + TestClient.presessionCookie(page)
                        .map(c -> "; " + TestClient.PRESESSION_COOKIE_NAME + "=" + c.value())
                        .orElse("");
        return new Loaded(page, withPresession);
    }

    /** Posts a passkey's answer in the form {@code formId} (its button {@code submit}) of a loaded page. */
    private HttpResponse<String> answer(
            String path, Loaded loaded, String formId, SoftAuthenticator key, byte[] handle, Assertion signed) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(formId, formId);
        form.put(formId + ":pkCredential", B64.encodeToString(key.credentialId()));
        form.put(formId + ":pkClientData", B64.encodeToString(signed.assertion().clientDataJson()));
        form.put(
                formId + ":pkAuthenticatorData",
                B64.encodeToString(signed.assertion().authenticatorData()));
        form.put(formId + ":pkSignature", B64.encodeToString(signed.assertion().signature()));
        form.put(formId + ":pkUserHandle", handle == null ? "" : B64.encodeToString(handle));
        form.put(formId + ":submit", "x");
        form.put("jakarta.faces.ViewState", TestClient.viewState(loaded.page().body()));
        form.put(CsrfTokens.FIELD, TestClient.csrfToken(loaded.page().body()));
        return client.postForm(path, form, "Cookie", loaded.cookies());
    }

    /** A signed answer, kept so a test can send it again. */
    private record Assertion(SoftAuthenticator.Assertion assertion) {}

    private Assertion sign(SoftAuthenticator key, String signedOrigin, byte[] challenge) {
        return new Assertion(key.authenticate(signedOrigin, "localhost", challenge, UP_UV));
    }

    /** The id of the (only) passkey of {@code username}. */
    private long passkeyIdOf(String username) {
        return db.queryLong(
                "select p.id from passkey p join app_user u on u.id = p.user_id where u.username = ?", username);
    }

    private static byte[] decoded(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No " + pattern + " on the page:\n" + html);
        }
        return Base64.getUrlDecoder().decode(m.group(1));
    }

    private static boolean signedIn(HttpResponse<String> response) {
        return response.statusCode() == 302
                && TestClient.sessionCookie(response)
                        .filter(c -> !c.value().isEmpty())
                        .isPresent();
    }

    @Test
    void anAnswerIsGoodForTheSignInItWasMadeForAndOnlyOnce() {
        String user = TestDatabase.uniqueUsername("uma");
        Registered passkey = userWithPasskey(user, Role.USER);

        String first = password(user, "/login-code.xhtml");
        Loaded firstPage = load("/login-code.xhtml", TwoStep.PENDING_COOKIE_NAME + "=" + first);
        Assertion signed = sign(passkey.key(), origin(), firstPage.challenge());

        String second = password(user, "/login-code.xhtml");
        Loaded secondPage = load("/login-code.xhtml", TwoStep.PENDING_COOKIE_NAME + "=" + second);
        HttpResponse<String> elsewhere =
                answer("/login-code.xhtml", secondPage, "passkey", passkey.key(), null, signed);
        assertFalse(signedIn(elsewhere), "an answer made for another sign-in is refused");
        assertTrue(elsewhere.body().contains("That passkey was not accepted"), elsewhere.body());

        HttpResponse<String> right = answer("/login-code.xhtml", firstPage, "passkey", passkey.key(), null, signed);
        assertTrue(signedIn(right), right.body());
        HttpResponse<String> replayed = answer("/login-code.xhtml", firstPage, "passkey", passkey.key(), null, signed);
        assertFalse(signedIn(replayed), "the same answer again signs nobody in");
        assertEquals(1, db.countSessionsOf(user));
    }

    @Test
    void aChallengeAnsweredOnceIsNotAcceptedAgainEvenWithAFreshSignature() {
        String user = TestDatabase.uniqueUsername("vera");
        db.createUser(user, PASSWORD, Role.USER);
        Registered passkey = register(client.signInForToken(user, PASSWORD), "Laptop", new SoftAuthenticator());
        server.advanceClock(Duration.ofMinutes(11));

        String cookie = TestClient.COOKIE_NAME + "=" + passkey.token();
        Loaded prompt = load("/confirm.xhtml", cookie);
        byte[] challenge = prompt.challenge();
        HttpResponse<String> confirmed = confirmWithPasskey(prompt, passkey, sign(passkey.key(), origin(), challenge));
        assertEquals(302, confirmed.statusCode(), "sudo mode confirmed with password and passkey");
        String rotated = TestClient.sessionCookie(confirmed).orElseThrow().value();

        Loaded again = load("/confirm.xhtml", TestClient.COOKIE_NAME + "=" + rotated);
        HttpResponse<String> reused = confirmWithPasskey(again, passkey, sign(passkey.key(), origin(), challenge));
        assertEquals(200, reused.statusCode());
        assertTrue(reused.body().contains("That did not work"), "a spent challenge is refused: " + reused.body());
        assertEquals(1, db.auditEvents("REAUTHENTICATED", user, user));
    }

    private HttpResponse<String> confirmWithPasskey(Loaded prompt, Registered passkey, Assertion signed) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("confirm", "confirm");
        form.put("confirm:held", "");
        form.put("confirm:password", PASSWORD);
        form.put("confirm:pkCredential", B64.encodeToString(passkey.key().credentialId()));
        form.put("confirm:pkClientData", B64.encodeToString(signed.assertion().clientDataJson()));
        form.put(
                "confirm:pkAuthenticatorData",
                B64.encodeToString(signed.assertion().authenticatorData()));
        form.put("confirm:pkSignature", B64.encodeToString(signed.assertion().signature()));
        form.put("confirm:pkUserHandle", "");
        form.put("confirm:passkey", "x");
        form.put("jakarta.faces.ViewState", TestClient.viewState(prompt.page().body()));
        form.put(CsrfTokens.FIELD, TestClient.csrfToken(prompt.page().body()));
        return client.postForm("/confirm.xhtml", form, "Cookie", prompt.cookies());
    }

    @Test
    void anAnswerSignedForAnotherOriginIsRefused() {
        String user = TestDatabase.uniqueUsername("wes");
        Registered passkey = userWithPasskey(user, Role.USER);
        Loaded login = load("/login.xhtml", "");
        Assertion phished = sign(passkey.key(), "http://localhost.evil.example", login.challenge());

        HttpResponse<String> refused =
                answer("/login.xhtml", login, "passkey", passkey.key(), passkey.userHandle(), phished);
        assertFalse(signedIn(refused));
        assertTrue(refused.body().contains("That passkey was not accepted"), refused.body());
        assertEquals(1, db.auditEventsWithDetail("SIGN_IN_FAILED", user, "passkey refused"));
    }

    @Test
    void twoRequestsRacingWithOneAnswerSignInOnce() throws Exception {
        String user = TestDatabase.uniqueUsername("xia");
        Registered passkey = userWithPasskey(user, Role.USER);
        Loaded login = load("/login.xhtml", "");
        Assertion signed = sign(passkey.key(), origin(), login.challenge());

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<HttpResponse<String>> post =
                    () -> answer("/login.xhtml", login, "passkey", passkey.key(), passkey.userHandle(), signed);
            List<Future<HttpResponse<String>>> racing = pool.invokeAll(List.of(post, post, post, post));
            long wins = 0;
            for (Future<HttpResponse<String>> result : racing) {
                HttpResponse<String> response = result.get();
                assertTrue(response.statusCode() == 302 || response.statusCode() == 200, response.body());
                wins += signedIn(response) ? 1 : 0;
            }
            assertEquals(1, wins, "one answer, one session");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.countSessionsOf(user));
    }

    @Test
    void whereOnlyPasskeysCountARightCodeIsRefused() {
        String admin = TestDatabase.uniqueUsername("yann");
        long id = db.createUser(admin, PASSWORD, Role.USER);
        TwoStep.Enrolled app = new TwoStep(client).enrolFromAccount(client.signInForToken(admin, PASSWORD), server);
        Registered passkey = register(app.token(), "Admin key", new SoftAuthenticator());
        client.signOut(passkey.token());
        db.update("insert into user_role (user_id, role) values (?, ?)", id, Role.ADMIN.name());
        server.advanceClock(Duration.ofSeconds(30));

        String pending = password(admin, "/login-code.xhtml");
        TwoStep twoStep = new TwoStep(client);
        HttpResponse<String> code = twoStep.code(pending, app.app().codeAt(server.now()));
        assertFalse(signedIn(code), "an authenticator app's right code does not satisfy admin:passkey");
        HttpResponse<String> recovery =
                twoStep.code(pending, app.recoveryCodes().get(0));
        assertFalse(signedIn(recovery), "nor does a recovery code");
        assertEquals(0, db.countSessionsOf(admin));
        assertEquals(
                0,
                db.queryLong("select count(*) from recovery_code where user_id = ? and used_at is not null", id),
                "the refused recovery code is not used up");

        Loaded page = load("/login-code.xhtml", TwoStep.PENDING_COOKIE_NAME + "=" + pending);
        assertFalse(page.page().body().contains("id=\"code:value\""), "no code field is offered");
        HttpResponse<String> withPasskey = answer(
                "/login-code.xhtml",
                page,
                "passkey",
                passkey.key(),
                null,
                sign(passkey.key(), origin(), page.challenge()));
        assertTrue(signedIn(withPasskey), withPasskey.body());
    }

    @Test
    void aPasswordAloneNeverAddsAPasskeyToAnAccountWithAnAuthenticatorApp() {
        String admin = TestDatabase.uniqueUsername("cy");
        long id = db.createUser(admin, PASSWORD, Role.USER);
        TwoStep.Enrolled app = new TwoStep(client).enrolFromAccount(client.signInForToken(admin, PASSWORD), server);
        db.update("insert into user_role (user_id, role) values (?, ?)", id, Role.ADMIN.name());
        server.advanceClock(Duration.ofSeconds(30));
        SoftAuthenticator attackers = new SoftAuthenticator();

        String pending = password(admin, "/login-enrol.xhtml"); // admin:passkey, and no passkey yet
        HttpResponse<String> withoutCode = enrolPasskey(pending, attackers, "");
        assertFalse(signedIn(withoutCode), "the password alone adds no passkey");
        HttpResponse<String> wrongCode = enrolPasskey(pending, attackers, "000000");
        assertFalse(signedIn(wrongCode));
        assertEquals(0, db.queryLong("select count(*) from passkey where user_id = ?", id));
        assertEquals(1, db.countSessionsOf(admin), "only the session that enrolled the app");

        HttpResponse<String> withCode =
                enrolPasskey(pending, new SoftAuthenticator(), app.app().codeAt(server.now()));
        assertTrue(signedIn(withCode), withCode.body());
        assertEquals(1, db.queryLong("select count(*) from passkey where user_id = ?", id));
    }

    /** The passkey form of the enrolment page: a code of the app the user has, then the new passkey. */
    private HttpResponse<String> enrolPasskey(String pending, SoftAuthenticator key, String code) {
        Loaded page = load("/login-enrol.xhtml", TwoStep.PENDING_COOKIE_NAME + "=" + pending);
        assertFalse(page.page().body().contains("id=\"enrol:code\""), "no authenticator app is offered");
        SoftAuthenticator.Registration created = key.register(origin(), "localhost", page.challenge(), UP_UV);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("passkey", "passkey");
        form.put("passkey:code", code);
        form.put("passkey:name", "Admin key");
        form.put("passkey:pkClientData", B64.encodeToString(created.clientDataJson()));
        form.put("passkey:pkAttestation", B64.encodeToString(created.attestationObject()));
        form.put("passkey:pkTransports", "usb");
        form.put("passkey:submit", "x");
        form.put("jakarta.faces.ViewState", TestClient.viewState(page.page().body()));
        form.put(CsrfTokens.FIELD, TestClient.csrfToken(page.page().body()));
        return client.postForm("/login-enrol.xhtml", form, "Cookie", page.cookies());
    }

    @Test
    void anotherUsersPasskeyCannotBeRenamedOrRemovedAndRemovingNeedsSudoMode() {
        String owner = TestDatabase.uniqueUsername("zoe");
        userWithPasskey(owner, Role.USER);
        long ownersPasskey = passkeyIdOf(owner);
        String intruder = TestDatabase.uniqueUsername("abe");
        db.createUser(intruder, PASSWORD, Role.USER);
        Registered own = register(client.signInForToken(intruder, PASSWORD), "Mine", new SoftAuthenticator());
        long ownId = passkeyIdOf(intruder);
        assertTrue(
                client.getWithSession("/account/passkey.xhtml?passkey=" + ownersPasskey, own.token())
                        .body()
                        .contains("You have no such passkey."),
                "another user's passkey is not shown");

        HttpResponse<String> renamed = rowAction(own.token(), ownId, "rename", ownersPasskey, "mine now");
        assertTrue(renamed.body().contains("You have no such passkey."), renamed.body());
        HttpResponse<String> removed = rowAction(own.token(), ownId, "remove", ownersPasskey, null);
        assertTrue(removed.body().contains("You have no such passkey."), removed.body());
        assertEquals("Laptop", db.queryString("select name from passkey where id = ?", ownersPasskey));
        HttpResponse<String> renamedOwn = rowAction(own.token(), ownId, "rename", ownId, "Mine, renamed");
        assertTrue(renamedOwn.body().contains("Passkey renamed."), renamedOwn.body());

        server.advanceClock(Duration.ofMinutes(11));
        HttpResponse<String> stale = rowAction(own.token(), ownId, "remove", ownId, null);
        assertEquals(302, stale.statusCode(), "removing a passkey needs a recent sign-in");
        assertTrue(stale.headers().firstValue("Location").orElseThrow().contains("/confirm.xhtml?held="));
        assertEquals(1, db.queryLong("select count(*) from passkey where id = ?", ownId));
    }

    /**
     * The rename or remove form of the holder's own passkey {@code ownId} (its page), posted naming passkey {@code id}
     * instead, as a forged post would.
     */
    private HttpResponse<String> rowAction(String token, long ownId, String action, long id, String name) {
        String cookie = TestClient.COOKIE_NAME + "=" + token;
        HttpResponse<String> page = client.get("/account/passkey.xhtml?passkey=" + ownId, "Cookie", cookie);
        assertEquals(200, page.statusCode(), page.body());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(action, action);
        fields.put("passkey", Long.toString(id));
        Optional.ofNullable(name).ifPresent(n -> fields.put(action + ":name", n));
        fields.put(action + ":submit", "x");
        fields.put("jakarta.faces.ViewState", TestClient.viewState(page.body()));
        fields.put(CsrfTokens.FIELD, TestClient.csrfToken(page.body()));
        return client.postForm("/account/passkey.xhtml", fields, "Cookie", cookie);
    }

    @Test
    void removingAPasskeyRefusesEveryForgery() {
        String owner = TestDatabase.uniqueUsername("dee");
        db.createUser(owner, PASSWORD, Role.USER);
        Registered passkey = register(client.signInForToken(owner, PASSWORD), "Laptop", new SoftAuthenticator());
        long id = passkeyIdOf(owner);
        String attacker = TestDatabase.uniqueUsername("eve");
        db.createUser(attacker, PASSWORD, Role.USER);
        Forgeries forgeries = new Forgeries(client, db);
        String page = "/account/passkey.xhtml?passkey=" + id;
        Forgeries.Form form = Forgeries.withPlainFields(
                forgeries.formOf(page, "remove", "submit", passkey.token(), Map.of()),
                Map.of("passkey", Long.toString(id)));

        forgeries.assertOnlyTheGenuineSubmissionWorks(
                form, forgeries.tokenFor(page, client.signInForToken(attacker, PASSWORD)));
        assertEquals(0, db.queryLong("select count(*) from passkey where id = ?", id));
    }

    @Test
    void malformedAnswersGetTheOneFailureMessageNeverAnError() {
        String user = TestDatabase.uniqueUsername("bo");
        userWithPasskey(user, Role.USER);
        Loaded login = load("/login.xhtml", "");
        for (String garbage : new String[] {"", "!!!", "AAAA", "x".repeat(20_000), "%00", "eyJ9"}) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("passkey", "passkey");
            form.put("passkey:pkCredential", garbage);
            form.put("passkey:pkClientData", garbage);
            form.put("passkey:pkAuthenticatorData", garbage);
            form.put("passkey:pkSignature", garbage);
            form.put("passkey:pkUserHandle", garbage);
            form.put("passkey:submit", "x");
            form.put(
                    "jakarta.faces.ViewState", TestClient.viewState(login.page().body()));
            form.put(CsrfTokens.FIELD, TestClient.csrfToken(login.page().body()));
            HttpResponse<String> answered = client.postForm("/login.xhtml", form, "Cookie", login.cookies());
            assertEquals(200, answered.statusCode(), garbage.length() + " chars: " + answered.body());
            assertTrue(answered.body().contains("That passkey was not accepted"), answered.body());
        }
    }
}
