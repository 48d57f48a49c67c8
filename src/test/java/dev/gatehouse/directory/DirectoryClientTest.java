package dev.gatehouse.directory;

import static dev.gatehouse.testing.TestDirectory.ADMINS_DN;
import static dev.gatehouse.testing.TestDirectory.DECOY_ADMINS_DN;
import static dev.gatehouse.testing.TestDirectory.GROUPS_DN;
import static dev.gatehouse.testing.TestDirectory.STAFF_DN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.gatehouse.config.DirectorySettings;
import dev.gatehouse.directory.DirectorySignIn.Outcome;
import dev.gatehouse.testing.TestDirectory;
import dev.gatehouse.user.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryClientTest {

    /** Short, so the outage tests are quick; the bound they check is a multiple of it. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

    private static final Map<String, String> SHORT = Map.of(DirectorySettings.TIMEOUT, SHORT_TIMEOUT.toString());

    private static final String PASSWORD = "correct horse battery staple";

    private static Map<String, String> pkcs12TrustStore(String password) {
        return Map.of(
                DirectorySettings.TRUST_STORE,
                TestDirectory.trustStorePkcs12().toString(),
                DirectorySettings.TRUST_STORE_PASSWORD,
                password);
    }

    private final TestDirectory directory = new TestDirectory();
    private final List<DirectoryClient> clients = new ArrayList<>();
    private int port;

    @BeforeEach
    void startDirectory() {
        port = TestDirectory.freePort();
        directory.start(port);
    }

    @AfterEach
    void stopEverything() {
        clients.forEach(DirectoryClient::close);
        directory.stop();
    }

    /** A client for the test directory at {@code urls} (comma-separated), with {@code extra} settings on top. */
    private DirectoryClient client(String urls, Map<String, String> extra) {
        return client(urls, extra, Clock.systemUTC());
    }

    private DirectoryClient client(String urls, Map<String, String> extra, Clock clock) {
        Map<String, String> values = new HashMap<>(Map.of(
                DirectorySettings.URLS, urls,
                DirectorySettings.BIND_DN, TestDirectory.SERVICE_ACCOUNT_DN,
                DirectorySettings.BIND_PASSWORD, TestDirectory.SERVICE_ACCOUNT_PASSWORD,
                DirectorySettings.USER_BASE, TestDirectory.PEOPLE_DN,
                DirectorySettings.GROUP_ROLES, TestDirectory.GROUP_ROLES,
                DirectorySettings.TRUST_STORE, TestDirectory.trustStorePem().toString()));
        values.putAll(extra);
        DirectoryClient client = new DirectoryClient(
                DirectorySettings.load(key -> Optional.ofNullable(values.get(key))), clock, System::nanoTime);
        clients.add(client);
        return client;
    }

    private DirectoryClient client() {
        return client(TestDirectory.ldapsUrl(port), Map.of());
    }

    private static DirectoryAccount signedIn(DirectoryClient client, String username) throws Exception {
        DirectorySignIn signIn = client.authenticate(username, PASSWORD);
        assertEquals(Outcome.SUCCEEDED, signIn.outcome());
        return signIn.account().orElseThrow();
    }

    /** Asserts that {@code call} fails as unavailable and returns how long that took. */
    private static Duration unavailable(Executable call) {
        long start = System.nanoTime();
        assertThrows(DirectoryUnavailableException.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("DirectoryUnavailableException after " + took.toMillis() + " ms");
        return took;
    }

    private static void assertWellWithin(Duration bound, Duration took) {
        assertTrue(took.compareTo(bound) < 0, "took " + took + ", more than " + bound);
    }

    /** Collects what the directory package logs at INFO and above while open. */
    private static final class CapturedLog extends Handler implements AutoCloseable {
        private final Logger logger;
        private final List<LogRecord> records = new ArrayList<>();

        CapturedLog() {
            logger = Logger.getLogger(DirectoryClient.class.getPackageName());
            logger.addHandler(this);
        }

        synchronized List<String> messages(Level level) {
            SimpleFormatter formatter = new SimpleFormatter();
            return records.stream()
                    .filter(record -> record.getLevel().equals(level))
                    .map(formatter::formatMessage)
                    .toList();
        }

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void signInGrantsTheRolesOfNestedGroups() throws Exception {
        String alice = directory.addUser("alice", "Alice Smith", PASSWORD);
        String bob = directory.addUser("bob", "Bob Jones", PASSWORD);
        directory.addGroup("cn=team," + GROUPS_DN, alice);
        directory.addToGroup(STAFF_DN, "cn=team," + GROUPS_DN);
        directory.addGroup("cn=team2," + GROUPS_DN, bob);
        directory.addToGroup(ADMINS_DN, "cn=team2," + GROUPS_DN);
        DirectoryClient client = client();

        DirectoryAccount aliceAccount = signedIn(client, "alice");
        DirectoryAccount bobAccount = signedIn(client, "bob");

        assertEquals(alice, aliceAccount.dn());
        assertEquals("Alice Smith", aliceAccount.displayName());
        assertEquals(Set.of(Role.USER), aliceAccount.roles());
        assertFalse(aliceAccount.disabled());
        assertEquals(Set.of(Role.ADMIN, Role.USER), bobAccount.roles(), "an admin is a user too, as locally");
        assertTrue(aliceAccount.mayHaveSession());
    }

    @Test
    void aGroupCycleEndsAndStillMaps() throws Exception {
        String carol = directory.addUser("carol", "Carol", PASSWORD);
        String a = "cn=a," + GROUPS_DN;
        String b = "cn=b," + GROUPS_DN;
        directory.addGroup(a, carol);
        directory.addGroup(b, a);
        directory.addToGroup(a, b);
        directory.addToGroup(STAFF_DN, b);

        assertEquals(Set.of(Role.USER), signedIn(client(), "carol").roles());
    }

    @Test
    void aSameNamedGroupElsewhereGrantsNothing() throws Exception {
        String dave = directory.addUser("dave", "Dave", PASSWORD);
        directory.addToGroup(DECOY_ADMINS_DN, dave);
        DirectoryClient client = client();

        DirectoryAccount account = signedIn(client, "dave");
        assertEquals(Set.of(), account.roles());
        assertFalse(account.mayHaveSession());

        directory.addToGroup(STAFF_DN, dave);
        assertEquals(Set.of(Role.USER), signedIn(client, "dave").roles());
    }

    @Test
    void aWrongPasswordIsWrongPassword() throws Exception {
        directory.addUser("erin", "Erin", PASSWORD);

        DirectorySignIn signIn = client().authenticate("erin", PASSWORD + "x");

        assertEquals(DirectorySignIn.failed(Outcome.WRONG_PASSWORD), signIn);
    }

    @Test
    void anEmptyPasswordIsNeverAnAnonymousBind() throws Exception {
        directory.addUser("frank", "Frank", PASSWORD);
        DirectoryClient client = client();

        assertEquals(Outcome.WRONG_PASSWORD, client.authenticate("frank", "").outcome());
        assertEquals(Outcome.WRONG_PASSWORD, client.authenticate("frank", null).outcome());
    }

    @Test
    void anUnknownUserIsNotFound() throws Exception {
        DirectoryClient client = client();

        assertEquals(Outcome.NOT_FOUND, client.authenticate("nobody", PASSWORD).outcome());
        assertEquals(
                Outcome.NOT_FOUND,
                client.authenticate("x".repeat(257), PASSWORD).outcome());
        assertEquals(Optional.empty(), client.lookup("nobody"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", ")(uid=*", "\\00", "\0", "alice\0", "*)(|(objectClass=*)", "alice)(|(uid=*", "ali*"})
    void filterInjectionSignsNobodyIn(String username) throws Exception {
        directory.addUser("alice", "Alice", PASSWORD);
        DirectoryClient client = client();

        assertNotEquals(
                Outcome.SUCCEEDED, client.authenticate(username, PASSWORD).outcome());
        assertEquals(Optional.empty(), client.lookup(username));
    }

    @Test
    void disabledAndLockedAccountsAreRecognised() throws Exception {
        for (String uid : List.of("locked", "ppolicy", "ad", "active")) {
            directory.addToGroup(STAFF_DN, directory.addUser(uid, uid, PASSWORD));
        }
        directory.disable("locked");
        directory.setAttribute(TestDirectory.userDn("ppolicy"), "pwdAccountLockedTime", "20250101000000Z");
        directory.setAttribute(TestDirectory.userDn("ad"), "userAccountControl", "514");
        directory.setAttribute(TestDirectory.userDn("active"), "userAccountControl", "512");
        DirectoryClient client = client();

        for (String uid : List.of("locked", "ppolicy", "ad")) {
            assertTrue(client.lookup(uid).orElseThrow().disabled(), uid);
            assertFalse(signedIn(client, uid).mayHaveSession(), uid);
        }
        assertFalse(client.lookup("active").orElseThrow().disabled());
    }

    @Test
    void theDisplayNameFallsBackToCnThenTheUsername() throws Exception {
        directory.addUser("grace", null, PASSWORD);
        directory.setAttribute(TestDirectory.userDn("grace"), "cn", "Grace Hopper");
        DirectoryClient client = client();

        assertEquals("Grace Hopper", client.lookup("grace").orElseThrow().displayName());

        directory.setAttribute(TestDirectory.userDn("grace"), "description", "The Admiral");
        DirectoryClient byDescription =
                client(TestDirectory.ldapsUrl(port), Map.of(DirectorySettings.DISPLAY_NAME_ATTRIBUTE, "description"));
        assertEquals("The Admiral", byDescription.lookup("grace").orElseThrow().displayName());
    }

    @Test
    void aDeletedUserIsNoLongerFound() throws Exception {
        directory.addUser("heidi", "Heidi", PASSWORD);
        DirectoryClient client = client();
        assertTrue(client.lookup("heidi").isPresent());

        directory.delete("heidi");

        assertEquals(Optional.empty(), client.lookup("heidi"));
    }

    @Test
    void aClosedPortFailsOverToTheNextServer() throws Exception {
        directory.addUser("ivan", "Ivan", PASSWORD);
        DirectoryClient client =
                client(TestDirectory.ldapsUrl(TestDirectory.freePort()) + "," + TestDirectory.ldapsUrl(port), SHORT);

        assertEquals("Ivan", signedIn(client, "ivan").displayName());
    }

    @Test
    void aServerThatNeverAnswersIsUnavailableWithinTheTimeout() {
        int hangingPort = TestDirectory.freePort();
        TestDirectory hanging = new TestDirectory();
        hanging.startHanging(hangingPort);
        try {
            for (String url : List.of(TestDirectory.ldapsUrl(hangingPort), TestDirectory.ldapUrl(hangingPort))) {
                DirectoryClient client = client(
                        url,
                        Map.of(
                                DirectorySettings.TIMEOUT,
                                SHORT_TIMEOUT.toString(),
                                DirectorySettings.ALLOW_PLAINTEXT,
                                "true"));

                assertWellWithin(SHORT_TIMEOUT.multipliedBy(4), unavailable(() -> client.authenticate("x", PASSWORD)));
                assertWellWithin(SHORT_TIMEOUT.multipliedBy(4), unavailable(() -> client.lookup("x")));
            }
        } finally {
            hanging.stop();
        }
    }

    @Test
    void aClosedPortAndAHangingServerTogetherTakeAboutOneTimeout() {
        int hangingPort = TestDirectory.freePort();
        TestDirectory hanging = new TestDirectory();
        hanging.startHanging(hangingPort);
        try {
            DirectoryClient client = client(
                    TestDirectory.ldapsUrl(TestDirectory.freePort()) + "," + TestDirectory.ldapsUrl(hangingPort),
                    SHORT);

            assertWellWithin(SHORT_TIMEOUT.multipliedBy(4), unavailable(() -> client.authenticate("x", PASSWORD)));
        } finally {
            hanging.stop();
        }
    }

    @Test
    void aServerThatHangsAfterConnectionsWereMadeIsUnavailableWithinTwoTimeouts() throws Exception {
        directory.addUser("judy", "Judy", PASSWORD);
        DirectoryClient client = client(TestDirectory.ldapsUrl(port), SHORT);
        signedIn(client, "judy");

        directory.stop();
        directory.startHanging(port);

        assertWellWithin(SHORT_TIMEOUT.multipliedBy(4), unavailable(() -> client.authenticate("judy", PASSWORD)));
    }

    @Test
    void staleConnectionsToAServerThatNowHangsCostOneTimeoutNotOneEach() throws Exception {
        directory.addUser("kate", "Kate", PASSWORD);
        DirectoryClient client = client(
                TestDirectory.ldapsUrl(port),
                Map.of(DirectorySettings.TIMEOUT, SHORT_TIMEOUT.toString(), DirectorySettings.POOL_SIZE, "8"));
        // Parallel sign-ins leave several connections in the pool, all of which go stale below.
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<DirectorySignIn>> signIns = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                signIns.add(threads.submit(() -> client.authenticate("kate", PASSWORD)));
            }
            for (Future<DirectorySignIn> signIn : signIns) {
                assertEquals(Outcome.SUCCEEDED, signIn.get().outcome());
            }
        } finally {
            threads.shutdown();
        }

        directory.stop();
        directory.startHanging(port);

        assertWellWithin(SHORT_TIMEOUT.multipliedBy(4), unavailable(() -> client.lookup("kate")));
    }

    @Test
    void aServerThatHangsWithConnectionsOpenIsUnavailableWithinTwoTimeoutsAndUsedAgainWhenItRecovers()
            throws Exception {
        directory.addUser("liam", "Liam", PASSWORD);
        DirectoryClient client = client(TestDirectory.ldapsUrl(port), SHORT);
        signedIn(client, "liam");

        directory.freeze();
        assertWellWithin(SHORT_TIMEOUT.multipliedBy(4), unavailable(() -> client.authenticate("liam", PASSWORD)));
        directory.thaw();

        assertEquals("Liam", signedIn(client, "liam").displayName());
    }

    @Test
    void aCertificateOutsideTheTrustStoreIsRefused() {
        directory.startWithUntrustedCertificate(port);

        unavailable(() -> client().lookup("anyone"));
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        directory.startWithCertificateForOtherHost(port);

        unavailable(() -> client().lookup("anyone"));
    }

    @ParameterizedTest
    @ValueSource(strings = {DirectorySettings.START_TLS, DirectorySettings.ALLOW_PLAINTEXT})
    void ldapUrlsWorkWithStartTlsOrWhereClearTextIsExplicitlyAllowed(String setting) throws Exception {
        directory.startWithStartTls(port);
        directory.addUser("kim", "Kim", PASSWORD);
        DirectoryClient client = client(TestDirectory.ldapUrl(port), Map.of(setting, "true"));

        assertEquals("Kim", signedIn(client, "kim").displayName());
    }

    @Test
    void startTlsRefusesATrustedCertificateForAnotherHostName() {
        directory.startWithStartTlsForOtherHost(port);
        DirectoryClient client = client(TestDirectory.ldapUrl(port), Map.of(DirectorySettings.START_TLS, "true"));

        unavailable(() -> client.lookup("anyone"));
    }

    @Test
    void aPkcs12TrustStoreWorks() throws Exception {
        directory.addUser("lena", "Lena", PASSWORD);
        DirectoryClient client =
                client(TestDirectory.ldapsUrl(port), pkcs12TrustStore(TestDirectory.TRUST_STORE_PASSWORD));

        assertEquals("Lena", signedIn(client, "lena").displayName());
    }

    @Test
    void aWrongPkcs12PasswordIsRefusedAtStartup() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> client(TestDirectory.ldapsUrl(port), pkcs12TrustStore("wrong")));
        assertTrue(e.getMessage().contains(DirectorySettings.TRUST_STORE), e.getMessage());
    }

    @Test
    void aRestartedServerIsUsedAgainWithoutRestartingGatehouse() throws Exception {
        directory.addUser("mia", "Mia", PASSWORD);
        DirectoryClient client = client();
        signedIn(client, "mia");

        directory.stop();
        unavailable(() -> client.lookup("mia"));
        directory.start(port);

        assertEquals("Mia", signedIn(client, "mia").displayName());
    }

    @Test
    void theDirectoryMayBeDownWhenTheClientIsMade() throws Exception {
        directory.stop();
        DirectoryClient client = client();
        unavailable(() -> client.lookup("nina"));

        directory.start(port);
        directory.addUser("nina", "Nina", PASSWORD);

        assertTrue(client.lookup("nina").isPresent());
    }

    @Test
    void aRefusedServiceAccountIsUnavailableNotAWrongPassword() {
        DirectoryClient client = client(
                TestDirectory.ldapsUrl(port), Map.of(DirectorySettings.BIND_PASSWORD, "not the service password"));

        unavailable(() -> client.authenticate("anyone", PASSWORD));
    }

    @Test
    void theSettingsRoleNamesAreTheRoles() {
        assertEquals(
                Arrays.stream(Role.values()).map(Role::roleName).sorted().toList(),
                DirectorySettings.ROLE_NAMES.stream().sorted().toList());
    }

    /** A server that accepts connections and never answers, stopped after {@code test}. */
    private static void withHangingServer(HangingServerTest test) throws Exception {
        int hangingPort = TestDirectory.freePort();
        TestDirectory hanging = new TestDirectory();
        hanging.startHanging(hangingPort);
        try {
            test.run(hanging, hangingPort);
        } finally {
            hanging.stop();
        }
    }

    @FunctionalInterface
    private interface HangingServerTest {
        void run(TestDirectory hanging, int port) throws Exception;
    }

    /** Starts {@code callers} sign-ins at once that all fail as unavailable; how long each took, shortest first. */
    private static List<Duration> signInsAtOnce(DirectoryClient client, int callers) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Duration>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(threads.submit(() -> {
                    start.await();
                    return unavailable(() -> client.authenticate("x", PASSWORD));
                }));
            }
            start.countDown();
            List<Duration> took = new ArrayList<>();
            for (Future<Duration> call : calls) {
                took.add(call.get());
            }
            return took.stream().sorted().toList();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentCallsDuringAnOutageEndWithinTwoTimeoutsAndFewReachTheServer() throws Exception {
        int callers = 16;
        withHangingServer((hanging, hangingPort) -> {
            DirectoryClient client = client(TestDirectory.ldapsUrl(hangingPort), SHORT);

            List<Duration> first = signInsAtOnce(client, callers);
            int reachedFirst = hanging.hangingConnectionsAccepted();
            List<Duration> second = signInsAtOnce(client, callers);
            int reachedSecond = hanging.hangingConnectionsAccepted() - reachedFirst;
            System.out.println(callers + " concurrent sign-ins: slowest "
                    + first.get(callers - 1).toMillis()
                    + " ms, " + reachedFirst + " reached the server; " + callers + " more right after: "
                    + (callers - 1) + " failed within "
                    + second.get(callers - 2).toMillis() + " ms, the slowest "
                    + second.get(callers - 1).toMillis() + " ms, " + reachedSecond + " reached the server");

            assertWellWithin(SHORT_TIMEOUT.multipliedBy(3).plusSeconds(1), first.get(callers - 1));
            assertTrue(reachedFirst <= 2, reachedFirst + " calls reached the hanging server");
            // Right after the outage was noticed, one call probes and the others do not wait for it.
            assertWellWithin(SHORT_TIMEOUT.dividedBy(2), second.get(callers - 2));
            assertTrue(reachedSecond <= 1, reachedSecond + " more calls reached the hanging server");
        });
    }

    @Test
    void everyCallAfterAnOutageStillAsksTheDirectoryWhenNoOtherCallIs() throws Exception {
        withHangingServer((hanging, hangingPort) -> {
            DirectoryClient client = client(TestDirectory.ldapsUrl(hangingPort), SHORT);

            for (int i = 0; i < 3; i++) {
                Duration took = unavailable(() -> client.lookup("x"));
                assertTrue(took.compareTo(SHORT_TIMEOUT.dividedBy(2)) > 0, "failed at once, after " + took);
            }
        });
    }

    @Test
    void duringAnOutageWindowOneProbeAtATimeAndAnAnswerEndsIt() {
        AtomicLong now = new AtomicLong();
        OutageBreaker breaker = new OutageBreaker(Duration.ofSeconds(10), now::get);

        OutageBreaker.Ticket first = breaker.admit().orElseThrow();
        assertFalse(first.probe());
        assertTrue(breaker.failed(), "the first failure is worth a warning");
        breaker.release(first);
        OutageBreaker.Ticket probe = breaker.admit().orElseThrow();
        assertTrue(probe.probe());
        assertTrue(breaker.admit().isEmpty(), "a second call while the probe is out");
        assertFalse(breaker.failed(), "a second failure within the window is not");
        breaker.release(probe);
        assertTrue(breaker.admit().orElseThrow().probe(), "the next call one after another");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        OutageBreaker.Ticket afterWindow = breaker.admit().orElseThrow();
        assertFalse(afterWindow.probe());
        assertTrue(breaker.answered());
        assertFalse(breaker.admit().orElseThrow().probe());
    }

    @Test
    void oneSignInTakesAtMostTwoTimeoutsInAllHoweverManySearchesItNeeds() throws Exception {
        String olivia = directory.addUser("olivia", "Olivia", PASSWORD);
        String member = olivia;
        for (int level = 1; level <= 6; level++) {
            String group = "cn=level" + level + "," + GROUPS_DN;
            directory.addGroup(group, member);
            member = group;
        }
        directory.addToGroup(STAFF_DN, member);
        DirectoryClient client = client(TestDirectory.ldapsUrl(port), SHORT);
        assertEquals(Set.of(Role.USER), signedIn(client, "olivia").roles());

        // Each answer well within the timeout, but eleven of them take more than two timeouts.
        directory.slowDown(SHORT_TIMEOUT.dividedBy(10).multipliedBy(3));

        assertWellWithin(SHORT_TIMEOUT.multipliedBy(3), unavailable(() -> client.authenticate("olivia", PASSWORD)));
    }

    /** A renamed base, or one the service account may no longer read: no answer, not "no such user" or "no groups". */
    @ParameterizedTest
    @ValueSource(strings = {DirectorySettings.USER_BASE, DirectorySettings.GROUP_BASE})
    void aMissingBaseIsUnavailable(String base) throws Exception {
        directory.addToGroup(STAFF_DN, directory.addUser("pia", "Pia", PASSWORD));
        String gone = "ou=gone," + TestDirectory.BASE_DN;
        DirectoryClient client = client(TestDirectory.ldapsUrl(port), Map.of(base, gone));

        try (CapturedLog log = new CapturedLog()) {
            unavailable(() -> client.lookup("pia"));
            unavailable(() -> client.authenticate("pia", PASSWORD));

            List<String> namingTheBase = log.messages(Level.WARNING).stream()
                    .filter(message -> message.startsWith(
                            "The " + (base.equals(DirectorySettings.USER_BASE) ? "user" : "group") + " base " + gone))
                    .toList();
            assertEquals(2, namingTheBase.size(), "once per call: " + namingTheBase);
        }
    }

    @Test
    void theEntryIdIsTheEntryUuidAndDiffersWhenTheUsernameIsReused() throws Exception {
        directory.addUser("rosa", "Rosa", PASSWORD);
        DirectoryClient client = client();

        String entryId = client.lookup("rosa").orElseThrow().entryId();
        assertTrue(entryId.startsWith("entryUUID:"), entryId);
        assertEquals(entryId, signedIn(client, "rosa").entryId());
        directory.stop();
        directory.start(port);
        assertEquals(entryId, client.lookup("rosa").orElseThrow().entryId());

        directory.delete("rosa");
        directory.addUser("rosa", "Another Rosa", PASSWORD);

        assertNotEquals(entryId, client.lookup("rosa").orElseThrow().entryId());
    }

    @Test
    void anObjectGuidIsTheEntryIdInItsUsualFormElseTheNormalisedDn() throws Exception {
        Entry activeDirectory = new Entry("CN=Rosa Diaz,OU=People,DC=corp,DC=example");
        byte[] guid = {4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16};
        activeDirectory.addAttribute(new Attribute(UserEntries.OBJECT_GUID, guid));

        assertEquals("objectGUID:01020304-0506-0708-090a-0b0c0d0e0f10", UserEntries.entryId(activeDirectory));
        assertEquals(
                "dn:cn=rosa diaz,ou=people,dc=corp,dc=example",
                UserEntries.entryId(new Entry("CN=Rosa  Diaz, OU=People,DC=corp,DC=example")));
        String longDn = "cn=" + "x".repeat(UserEntries.MAX_ENTRY_ID_LENGTH) + ",dc=example";
        assertEquals(
                "dn-sha256:".length() + 64,
                UserEntries.entryId(new Entry(longDn)).length());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\0", "\0" + PASSWORD, PASSWORD + "\0", PASSWORD + "\n", "pass\u007fword", "pass\u0085word"})
    void aPasswordWithControlCharactersIsWrongWithoutAnyBind(String password) throws Exception {
        directory.addUser("sam", "Sam", PASSWORD);
        DirectoryClient client = client();
        assertTrue(client.lookup("sam").isPresent());
        int binds = directory.binds();

        assertEquals(
                Outcome.WRONG_PASSWORD, client.authenticate("sam", password).outcome());
        assertEquals(binds, directory.binds());
    }

    private static long fileTime(Instant instant) {
        return instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100 + 116_444_736_000_000_000L;
    }

    private static boolean disabledWith(String attribute, Object value, Instant now) {
        Entry entry = new Entry("cn=someone,ou=people,dc=corp,dc=example");
        entry.addAttribute(attribute, String.valueOf(value));
        return UserEntries.disabled(entry, now);
    }

    @Test
    void activeDirectoryExpiryAndDisablingCountButALockoutTimeDoesNot() {
        Instant now = Instant.parse("2030-06-01T12:00:00Z");

        assertTrue(disabledWith(UserEntries.ACCOUNT_EXPIRES, fileTime(now.minusSeconds(1)), now));
        assertTrue(disabledWith(UserEntries.ACCOUNT_EXPIRES, fileTime(now), now));
        assertTrue(disabledWith(UserEntries.ACCOUNT_EXPIRES, 1, now));
        assertFalse(disabledWith(UserEntries.ACCOUNT_EXPIRES, fileTime(now.plusSeconds(1)), now));
        assertFalse(disabledWith(UserEntries.ACCOUNT_EXPIRES, 0, now));
        assertFalse(disabledWith(UserEntries.ACCOUNT_EXPIRES, Long.MAX_VALUE, now));
        assertFalse(
                disabledWith(UserEntries.LOCKOUT_TIME, fileTime(now.minusSeconds(60)), now),
                "AD keeps lockoutTime after the lockout ran out; it refuses the bind itself while it lasts");
        assertFalse(disabledWith(UserEntries.LOCKOUT_TIME, 0, now));
        assertTrue(disabledWith(UserEntries.USER_ACCOUNT_CONTROL, 514, now));
        assertFalse(disabledWith(UserEntries.USER_ACCOUNT_CONTROL, 512, now));
        assertTrue(disabledWith(UserEntries.NS_ACCOUNT_LOCK, "TRUE", now));
        assertTrue(disabledWith(UserEntries.PWD_ACCOUNT_LOCKED_TIME, "20300101000000Z", now));
    }

    @Test
    void anExpiredActiveDirectoryAccountIsDisabledInLookups() {
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        directory.addUser("tara", "Tara", PASSWORD);
        directory.addUser("uma", "Uma", PASSWORD);
        directory.setAttribute(
                TestDirectory.userDn("tara"), UserEntries.ACCOUNT_EXPIRES, String.valueOf(fileTime(expires)));
        directory.setAttribute(TestDirectory.userDn("uma"), UserEntries.LOCKOUT_TIME, "133000000000000000");
        Clock before = Clock.fixed(expires.minusSeconds(60), ZoneOffset.UTC);
        Clock after = Clock.fixed(expires.plusSeconds(60), ZoneOffset.UTC);

        assertEquals(false, lookUpDisabled("tara", before));
        assertEquals(true, lookUpDisabled("tara", after));
        assertEquals(false, lookUpDisabled("uma", before), "lockoutTime alone is no marker (see UserEntries)");
    }

    private boolean lookUpDisabled(String username, Clock clock) {
        try {
            return client(TestDirectory.ldapsUrl(port), Map.of(), clock)
                    .lookup(username)
                    .orElseThrow()
                    .disabled();
        } catch (DirectoryUnavailableException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theDisplayNameShowsNoControlOrFormatCharactersAndFitsItsColumn() {
        Entry entry = new Entry(TestDirectory.userDn("vera"));
        entry.addAttribute("displayName", "\u202EVera\u200B \t  Smith\u0007\u2066");
        entry.addAttribute(UserEntries.CN, "Vera");
        assertEquals("Vera Smith", UserEntries.displayName(entry, "displayName", "vera"));

        entry.setAttribute("displayName", "\u200E\u00A0");
        assertEquals("Vera", UserEntries.displayName(entry, "displayName", "vera"));

        entry.setAttribute("displayName", "\uD83D\uDE00".repeat(300));
        String clipped = UserEntries.displayName(entry, "displayName", "vera");
        assertEquals(UserEntries.MAX_DISPLAY_NAME_LENGTH, clipped.codePointCount(0, clipped.length()));
    }

    @Test
    void severalMatchingEntriesAreLoggedWithoutTheTypedUsername() throws Exception {
        String typed = "Tr0ub4dor&3";
        for (String cn : List.of("first", "second")) {
            directory.add(
                    "dn: cn=" + cn + "," + TestDirectory.PEOPLE_DN,
                    "objectClass: inetOrgPerson",
                    "uid: " + typed,
                    "cn: " + cn,
                    "sn: " + cn);
        }
        DirectoryClient client = client();

        try (CapturedLog log = new CapturedLog()) {
            assertEquals(Optional.empty(), client.lookup(typed));

            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertFalse(warnings.get(0).contains(typed), warnings.get(0));
        }
    }

    @Test
    void anOutageIsWarnedAboutOncePerWindow() throws Exception {
        directory.stop();
        DirectoryClient client = client();

        try (CapturedLog log = new CapturedLog()) {
            for (int i = 0; i < 3; i++) {
                unavailable(() -> client.lookup("anyone"));
            }

            assertEquals(
                    1,
                    log.messages(Level.WARNING).size(),
                    log.messages(Level.WARNING).toString());
        }
    }
}
