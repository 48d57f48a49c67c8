package dev.gatehouse.directory;

import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import dev.gatehouse.config.DirectorySettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of directory connections: whom to trust (the configured PEM or PKCS#12 trust store, or the JVM's
 * default) and TLS 1.2 or newer only. Host names are checked by the connection options, not here.
 */
final class DirectoryTls {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final String PKCS12 = "PKCS12";
    private static final String PEM_MARKER = "-----BEGIN CERTIFICATE-----";

    private DirectoryTls() {}

    /**
     * A socket factory for {@code ldaps://} and StartTLS.
     *
     * @throws IllegalArgumentException when the configured trust store cannot be read, naming the setting
     */
    static SSLSocketFactory socketFactory(DirectorySettings settings) {
        try {
            SSLSocketFactory factory = new SSLUtil(trustManager(settings)).createSSLSocketFactory();
            return new ModernTlsSocketFactory(
                    factory, Math.toIntExact(settings.timeout().toMillis()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    DirectorySettings.TRUST_STORE + " could not be read as PEM certificates or PKCS#12: " + e, e);
        }
    }

    private static X509TrustManager trustManager(DirectorySettings settings)
            throws GeneralSecurityException, IOException {
        if (settings.trustStore().isEmpty()) {
            return JVMDefaultTrustManager.getInstance();
        }
        Path file = settings.trustStore().get();
        if (isPem(file)) {
            return new PEMFileTrustManager(file.toFile());
        }
        char[] password = settings.trustStorePassword().map(String::toCharArray).orElse(null);
        requireCertificates(file, password);
        return new TrustStoreTrustManager(file.toFile(), password, PKCS12, true);
    }

    private static boolean isPem(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return false;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(PEM_MARKER);
    }

    /** TrustStoreTrustManager reads its file only on the first handshake; this finds a bad file or password at startup. */
    private static void requireCertificates(Path file, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(PKCS12);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        boolean any = false;
        for (String alias : Collections.list(store.aliases())) {
            any |= store.isCertificateEntry(alias);
        }
        if (!any) {
            throw new KeyStoreHasNoCertificates(file);
        }
    }

    private static final class KeyStoreHasNoCertificates extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        KeyStoreHasNoCertificates(Path file) {
            super(file + " holds no trusted certificate entries");
        }
    }

    /**
     * Enables only TLS 1.2 and 1.3, and gives every socket a read timeout before its handshake: the SDK's connect
     * timeout ends while a server that accepted TCP still has not answered the handshake, which would otherwise wait
     * forever.
     */
    private static final class ModernTlsSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final int timeoutMillis;

        ModernTlsSocketFactory(SSLSocketFactory delegate, int timeoutMillis) {
            this.delegate = delegate;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return configure(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return configure(delegate.createSocket(address, port, localAddress, localPort));
        }

        private Socket configure(Socket socket) throws IOException {
            SSLSocket tls = (SSLSocket) socket;
            List<String> supported = Arrays.asList(tls.getSupportedProtocols());
            tls.setEnabledProtocols(
                    PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
            tls.setSoTimeout(timeoutMillis);
            return tls;
        }
    }
}
