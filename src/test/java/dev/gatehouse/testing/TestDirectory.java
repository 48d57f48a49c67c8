package dev.gatehouse.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldap.sdk.unboundidds.controls.IgnoreNoUserModificationRequestControl;
import com.unboundid.ldif.LDIFException;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An LDAP directory for tests, in this JVM on 127.0.0.1: the corp.example tree with a service account, the groups
 * Gatehouse maps and a same-named decoy group, served over LDAPS (or StartTLS) with a certificate for
 * {@code localhost} that {@link #trustStorePem()} trusts. It can also play a directory that is down
 * ({@link #stop()}), untrusted, or hanging (accepts connections, never answers). The data, entryUUIDs included,
 * survives a stop and start.
 */
public final class TestDirectory implements AutoCloseable {

    /** The name in the trusted certificate; UnboundID accepts any certificate on a loopback IP, so use this name. */
    public static final String HOST = "localhost";
    /** The name in the certificate of {@link #startWithCertificateForOtherHost(int)}. */
    public static final String OTHER_HOST = "ldap.example.com";

    public static final String BASE_DN = "dc=corp,dc=example";
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    public static final String OTHER_DN = "ou=other," + BASE_DN;
    public static final String SERVICES_DN = "ou=services," + BASE_DN;
    public static final String SERVICE_ACCOUNT_DN = "cn=gatehouse," + SERVICES_DN;
    public static final String SERVICE_ACCOUNT_PASSWORD = "service-account-secret-1";
    /** Mapped to the user role in {@link #GROUP_ROLES}. */
    public static final String STAFF_DN = "cn=staff," + GROUPS_DN;
    /** Mapped to the admin role in {@link #GROUP_ROLES}. */
    public static final String ADMINS_DN = "cn=intranet-admins," + GROUPS_DN;
    /** Same cn as {@link #ADMINS_DN} elsewhere in the tree; membership must grant nothing. */
    public static final String DECOY_ADMINS_DN = "cn=intranet-admins," + OTHER_DN;
    /** A value for {@code gatehouse.ldap.group-roles}. */
    public static final String GROUP_ROLES = ADMINS_DN + "=admin;" + STAFF_DN + "=user";
    /** A value for {@code gatehouse.ldap.user-filter} (the default). */
    public static final String USER_FILTER = "(&(objectClass=person)(uid={0}))";
    /** Kept when the directory stops and starts again, as a real directory keeps its entries' identities. */
    private static final String ENTRY_UUID = "entryUUID";
    /** Password of the PKCS#12 trust store. */
    public static final String TRUST_STORE_PASSWORD = "trust-store-secret";

    /** The attributes directories use to disable accounts, which the standard schema lacks. */
    private static final String[] EXTRA_SCHEMA = {
        "dn: cn=schema",
        "objectClass: top",
        "objectClass: subschema",
        "cn: schema",
        "attributeTypes: ( 2.16.840.1.113730.3.1.610 NAME 'nsAccountLock' EQUALITY caseIgnoreMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
        "attributeTypes: ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
        "attributeTypes: ( 1.2.840.113556.1.4.159 NAME 'accountExpires' EQUALITY integerMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
        "attributeTypes: ( 1.2.840.113556.1.4.662 NAME 'lockoutTime' EQUALITY integerMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
        "attributeTypes: ( 1.3.6.1.4.1.42.2.27.8.1.17 NAME 'pwdAccountLockedTime' EQUALITY generalizedTimeMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE USAGE directoryOperation )",
        "objectClasses: ( 1.3.6.1.4.1.32473.1.1 NAME 'gatehouseTestAccount' AUXILIARY"
                + " MAY ( nsAccountLock $ userAccountControl $ accountExpires $ lockoutTime ) )"
    };

    private InMemoryDirectoryServer server;
    private List<Entry> keptWhileStopped = List.of();
    private final AtomicReference<CountDownLatch> frozen = new AtomicReference<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger binds = new AtomicInteger();
    private ServerSocket hanging;
    private final List<Socket> hangingConnections = new ArrayList<>();
    private final AtomicInteger hangingAccepted = new AtomicInteger();

    /**
     * A PEM file with the certificates {@link #start(int)} and {@link #startWithCertificateForOtherHost(int)} serve;
     * for {@code gatehouse.ldap.trust-store}.
     */
    public static Path trustStorePem() {
        return Certificates.INSTANCE.trustedPem;
    }

    /** The same certificates as {@link #trustStorePem()} in a PKCS#12 file, password {@link #TRUST_STORE_PASSWORD}. */
    public static Path trustStorePkcs12() {
        return Certificates.INSTANCE.trustedPkcs12;
    }

    /** A port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ldaps://localhost:port}. */
    public static String ldapsUrl(int port) {
        return "ldaps://" + HOST + ":" + port;
    }

    /** {@code ldap://localhost:port}. */
    public static String ldapUrl(int port) {
        return "ldap://" + HOST + ":" + port;
    }

    /** Serves LDAPS on 127.0.0.1:{@code port} with the certificate {@link #trustStorePem()} holds. */
    public void start(int port) {
        listen(() -> InMemoryListenerConfig.createLDAPSConfig(
                "LDAPS", loopback(), port, Certificates.INSTANCE.trusted.createSSLServerSocketFactory(), null));
    }

    /** Serves LDAPS with a self-signed certificate for {@code localhost} that no trust store here holds. */
    public void startWithUntrustedCertificate(int port) {
        listen(() -> InMemoryListenerConfig.createLDAPSConfig(
                "LDAPS", loopback(), port, Certificates.INSTANCE.untrusted.createSSLServerSocketFactory(), null));
    }

    /**
     * Serves LDAPS with a certificate the trust store holds, but for {@value #OTHER_HOST}: only the host name check
     * can refuse it.
     */
    public void startWithCertificateForOtherHost(int port) {
        listen(() -> InMemoryListenerConfig.createLDAPSConfig(
                "LDAPS", loopback(), port, Certificates.INSTANCE.otherHost.createSSLServerSocketFactory(), null));
    }

    /** Serves plain LDAP that offers StartTLS with the trusted certificate. */
    public void startWithStartTls(int port) {
        listen(() -> InMemoryListenerConfig.createLDAPConfig(
                "LDAP", loopback(), port, Certificates.INSTANCE.trusted.createSSLSocketFactory()));
    }

    /** Like {@link #startWithStartTls(int)} with the trusted certificate for {@value #OTHER_HOST}. */
    public void startWithStartTlsForOtherHost(int port) {
        listen(() -> InMemoryListenerConfig.createLDAPConfig(
                "LDAP", loopback(), port, Certificates.INSTANCE.otherHost.createSSLSocketFactory()));
    }

    /** Accepts TCP connections on {@code port} and never answers, like a hung server. */
    public void startHanging(int port) {
        stop();
        hangingAccepted.set(0);
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            hanging = socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptAndIgnore, "hanging-directory-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Keeps connections open but leaves binds, searches and StartTLS unanswered until {@link #thaw()} or
     * {@link #stop()}, like a server that hangs with connections to it already made.
     */
    public void freeze() {
        frozen.compareAndSet(null, new CountDownLatch(1));
    }

    /** How many connections the hanging server accepted since {@link #startHanging(int)}. */
    public int hangingConnectionsAccepted() {
        return hangingAccepted.get();
    }

    /** Answers binds, searches and StartTLS only after {@code delay} each, until {@link #stop()}. */
    public void slowDown(Duration delay) {
        this.delay.set(delay);
    }

    /** How many simple binds (any account) the server has received since it was made. */
    public int binds() {
        return binds.get();
    }

    /** Answers again, the held requests first. */
    public void thaw() {
        Optional.ofNullable(frozen.getAndSet(null)).ifPresent(CountDownLatch::countDown);
    }

    /** Stops listening (keeping the data for the next start) or stops hanging. */
    public void stop() {
        thaw();
        delay.set(Duration.ZERO);
        if (server != null) {
            keptWhileStopped = allEntries();
            server.shutDown(true);
            server = null;
        }
        if (hanging != null) {
            closeQuietly(hanging);
            hanging = null;
            synchronized (hangingConnections) {
                hangingConnections.forEach(TestDirectory::closeQuietly);
                hangingConnections.clear();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Replaces all data with the base tree: people, groups (staff and intranet-admins), the decoy, the service. */
    public void reset() {
        requireRunning().clear();
        add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: corp");
        for (String ou : List.of(PEOPLE_DN, GROUPS_DN, OTHER_DN, SERVICES_DN)) {
            add("dn: " + ou, "objectClass: top", "objectClass: organizationalUnit", "ou: " + rdnValue(ou));
        }
        add(
                "dn: " + SERVICE_ACCOUNT_DN,
                "objectClass: top",
                "objectClass: person",
                "cn: gatehouse",
                "sn: Gatehouse",
                "userPassword: " + SERVICE_ACCOUNT_PASSWORD);
        addGroup(STAFF_DN);
        addGroup(ADMINS_DN);
        addGroup(DECOY_ADMINS_DN);
    }

    /** The DN {@link #addUser} gives {@code uid}. */
    public static String userDn(String uid) {
        return "uid=" + uid + "," + PEOPLE_DN;
    }

    /**
     * Adds a person under {@link #PEOPLE_DN}, {@code cn} = {@code uid}.
     *
     * @param displayName the displayName attribute, or null for an entry without one
     * @return the entry's DN
     */
    public String addUser(String uid, String displayName, String password) {
        String dn = userDn(uid);
        List<String> ldif = new ArrayList<>(List.of(
                "dn: " + dn,
                "objectClass: top",
                "objectClass: person",
                "objectClass: organizationalPerson",
                "objectClass: inetOrgPerson",
                "objectClass: gatehouseTestAccount",
                "uid: " + uid,
                "cn: " + uid,
                "sn: " + uid,
                "userPassword: " + password));
        Optional.ofNullable(displayName).ifPresent(name -> ldif.add("displayName: " + name));
        add(ldif.toArray(String[]::new));
        return dn;
    }

    /** Adds a group (groupOfNames) with these members; an empty group lists itself, as groupOfNames needs one. */
    public void addGroup(String dn, String... members) {
        List<String> ldif = new ArrayList<>(
                List.of("dn: " + dn, "objectClass: top", "objectClass: groupOfNames", "cn: " + rdnValue(dn)));
        for (String member : members.length == 0 ? new String[] {dn} : members) {
            ldif.add("member: " + member);
        }
        add(ldif.toArray(String[]::new));
    }

    public void addToGroup(String groupDn, String memberDn) {
        modify(groupDn, new Modification(ModificationType.ADD, "member", memberDn));
    }

    public void removeFromGroup(String groupDn, String memberDn) {
        modify(groupDn, new Modification(ModificationType.DELETE, "member", memberDn));
    }

    /** Locks the account the way 389 Directory Server and FreeIPA do ({@code nsAccountLock: TRUE}). */
    public void disable(String uid) {
        setAttribute(userDn(uid), "nsAccountLock", "TRUE");
    }

    /** Replaces an attribute's values; no values removes it. */
    public void setAttribute(String dn, String attribute, String... values) {
        modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    public void delete(String uid) {
        try {
            requireRunning().delete(userDn(uid));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds one entry given as LDIF lines. */
    public void add(String... ldif) {
        try {
            requireRunning().add(ldif);
        } catch (LDAPException | LDIFException e) {
            throw new IllegalStateException(e);
        }
    }

    private void modify(String dn, Modification modification) {
        try {
            requireRunning().modify(dn, modification);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private InMemoryDirectoryServer requireRunning() {
        if (server == null) {
            throw new IllegalStateException("The test directory is not running: call start(port) first");
        }
        return server;
    }

    @FunctionalInterface
    private interface Listener {
        InMemoryListenerConfig create() throws LDAPException, GeneralSecurityException;
    }

    private void listen(Listener listener) {
        stop();
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setSchema(
                    Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(new Entry(EXTRA_SCHEMA))));
            config.setListenerConfigs(listener.create());
            config.addInMemoryOperationInterceptor(new FreezableRequests());
            server = new InMemoryDirectoryServer(config);
            startListening(server);
        } catch (LDAPException | LDIFException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (keptWhileStopped.isEmpty()) {
            reset();
        } else {
            try {
                for (Entry entry : keptWhileStopped) {
                    // With their entryUUIDs, which a plain add may not set.
                    server.add(new AddRequest(entry, new Control[] {new IgnoreNoUserModificationRequestControl()}));
                }
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Starts listening on a port the previous listener (or its last connections) has just given up, which the kernel
     * may not let go of at once: retried until it does, for at most five seconds. Any other failure is thrown.
     */
    private static void startListening(InMemoryDirectoryServer server) throws LDAPException {
        LDAPException[] other = new LDAPException[1];
        Poll.until(
                () -> {
                    try {
                        server.startListening();
                        return true;
                    } catch (LDAPException e) {
                        if (!String.valueOf(e.getMessage()).contains("BindException")) {
                            other[0] = e;
                            return true;
                        }
                        return false;
                    }
                },
                started -> started,
                Duration.ofSeconds(5),
                "the test directory listening again on its port");
        if (other[0] != null) {
            throw other[0];
        }
    }

    /** Holds the requests a client needs to get anything done while the directory is frozen. */
    private final class FreezableRequests extends InMemoryOperationInterceptor {
        @Override
        public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
            binds.incrementAndGet();
            holdWhileSlowOrFrozen();
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            holdWhileSlowOrFrozen();
        }

        @Override
        public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
            holdWhileSlowOrFrozen();
        }

        private void holdWhileSlowOrFrozen() {
            CountDownLatch latch = frozen.get();
            try {
                Thread.sleep(delay.get().toMillis());
                if (latch != null) {
                    latch.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Entry> allEntries() {
        try {
            List<Entry> entries =
                    new ArrayList<>(server.search(BASE_DN, SearchScope.SUB, "(objectClass=*)", "*", ENTRY_UUID)
                            .getSearchEntries());
            // Parents before children, as they must be added again.
            entries.sort(Comparator.comparingInt(entry -> parsed(entry).getRDNs().length));
            return entries;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw new IllegalStateException(e);
        }
    }

    private static DN parsed(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptAndIgnore() {
        ServerSocket socket = hanging;
        while (socket != null && !socket.isClosed()) {
            try {
                Socket accepted = socket.accept();
                hangingAccepted.incrementAndGet();
                synchronized (hangingConnections) {
                    hangingConnections.add(accepted);
                }
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private static String rdnValue(String dn) {
        return dn.substring(dn.indexOf('=') + 1, dn.indexOf(','));
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignore) {
            // Already closed or broken: either way it no longer listens.
        }
    }

    /** Made once per JVM, in a folder of their own under target/, so parallel test JVMs never share files. */
    private static final class Certificates {
        static final Certificates INSTANCE = new Certificates();

        final SSLUtil trusted;
        final SSLUtil otherHost;
        final SSLUtil untrusted;
        final Path trustedPem;
        final Path trustedPkcs12;

        private Certificates() {
            try {
                Files.createDirectories(Path.of("target"));
                Path dir = Files.createTempDirectory(Path.of("target"), "test-directory-");
                Path trustedKeys = selfSigned(dir, "trusted", HOST);
                Path otherHostKeys = selfSigned(dir, "other-host", OTHER_HOST);
                Path untrustedKeys = selfSigned(dir, "untrusted", HOST);
                trustedPem = dir.resolve("trust-store.pem");
                Files.writeString(trustedPem, exportCertificate(trustedKeys) + exportCertificate(otherHostKeys));
                trustedPkcs12 = dir.resolve("trust-store.p12");
                writePkcs12TrustStore(trustedPem, trustedPkcs12);
                trusted = serverTls(trustedKeys);
                otherHost = serverTls(otherHostKeys);
                untrusted = serverTls(untrustedKeys);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Path selfSigned(Path dir, String name, String host) {
            Path keyStore = dir.resolve(name + "-server.p12");
            manageCertificates(
                    "generate-self-signed-certificate",
                    "--keystore",
                    keyStore.toString(),
                    "--keystore-password",
                    TRUST_STORE_PASSWORD,
                    "--keystore-type",
                    "PKCS12",
                    "--alias",
                    "server",
                    "--subject-dn",
                    "CN=" + host + ",O=Gatehouse tests " + name,
                    "--key-algorithm",
                    "EC",
                    "--key-size-bits",
                    "256",
                    "--signature-algorithm",
                    "SHA256withECDSA",
                    "--days-valid",
                    "30",
                    "--subject-alternative-name-dns",
                    host);
            return keyStore;
        }

        private static String exportCertificate(Path keyStore) throws IOException {
            Path pem = keyStore.resolveSibling(keyStore.getFileName() + ".pem");
            manageCertificates(
                    "export-certificate",
                    "--keystore",
                    keyStore.toString(),
                    "--keystore-password",
                    TRUST_STORE_PASSWORD,
                    "--alias",
                    "server",
                    "--output-format",
                    "PEM",
                    "--output-file",
                    pem.toString());
            return Files.readString(pem);
        }

        private static void manageCertificates(String... args) {
            OutputStream out = new ByteArrayOutputStream();
            ResultCode result = ManageCertificates.main(null, out, out, args);
            if (result != ResultCode.SUCCESS) {
                throw new IllegalStateException("manage-certificates " + args[0] + " failed: " + out);
            }
        }

        private static void writePkcs12TrustStore(Path pem, Path pkcs12) throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (InputStream in = Files.newInputStream(pem)) {
                int n = 0;
                for (Certificate certificate :
                        CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("test-directory-" + n++, certificate);
                }
            }
            try (OutputStream out = Files.newOutputStream(pkcs12)) {
                store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
        }

        private static SSLUtil serverTls(Path keyStore) throws GeneralSecurityException {
            return new SSLUtil(
                    new KeyStoreKeyManager(keyStore.toFile(), TRUST_STORE_PASSWORD.toCharArray(), "PKCS12", "server"),
                    new TrustAllTrustManager());
        }
    }
}
