package dev.gatehouse.testing.arquillian;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;

/**
 * The Payara Micro managed container, but one booted Payara Micro per distinct archive for the whole test run:
 * a test class whose deployment has the same content as an earlier one's gets the running server, and every
 * server is stopped when the run ends. Test classes therefore must not rely on a freshly booted server; they
 * get their own users, database connection and clock (see {@code IntegrationTest}).
 */
public class SharedPayaraMicroContainer implements DeployableContainer<PayaraMicroContainerConfiguration> {

    private static final System.Logger LOG = System.getLogger(SharedPayaraMicroContainer.class.getName());

    private final Map<String, Running> running = new LinkedHashMap<>();
    private PayaraMicroContainerConfiguration configuration;

    private record Running(PayaraMicroDeployableContainer server, Archive<?> archive, ProtocolMetaData metaData) {}

    @Override
    public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
        return PayaraMicroContainerConfiguration.class;
    }

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Servlet 5.0");
    }

    @Override
    public synchronized ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String fingerprint = fingerprint(archive);
        Running server = running.get(fingerprint);
        if (server == null) {
            PayaraMicroDeployableContainer boot = new PayaraMicroDeployableContainer();
            boot.setup(configurationFor(archive));
            server = new Running(boot, archive, onLoopback(boot.deploy(archive)));
            running.put(fingerprint, server);
            LOG.log(System.Logger.Level.INFO, "Booted Payara Micro #{0} for this test run", running.size());
        }
        return server.metaData();
    }

    /** Kept running for later test classes with the same deployment; {@link #stop()} ends them all. */
    @Override
    public void undeploy(Archive<?> archive) {}

    @Override
    public synchronized void stop() throws LifecycleException {
        List<Exception> failures = new ArrayList<>();
        for (Running server : running.values()) {
            try {
                server.server().undeploy(server.archive());
            } catch (DeploymentException | RuntimeException e) {
                failures.add(e);
            }
        }
        running.clear();
        if (!failures.isEmpty()) {
            LifecycleException failed = new LifecycleException("Stopping a shared Payara Micro failed");
            failures.forEach(failed::addSuppressed);
            throw failed;
        }
    }

    /**
     * The shared configuration, or for an archive that names its port ({@code /WEB-INF/test-http-port}, e.g. one whose
     * public origin includes it) a copy that boots on exactly that port.
     */
    private PayaraMicroContainerConfiguration configurationFor(Archive<?> archive) {
        Node port = archive.get("/WEB-INF/test-http-port");
        if (port == null) {
            return configuration;
        }
        String number;
        try (InputStream in = port.getAsset().openStream()) {
            number = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PayaraMicroContainerConfiguration fixed = new PayaraMicroContainerConfiguration();
        fixed.setMicroJar(configuration.getMicroJar());
        fixed.setStartupTimeoutInSeconds(configuration.getStartupTimeoutInSeconds());
        fixed.setCmdOptions(configuration.getCmdOptions());
        fixed.setClusterEnabled(configuration.isClusterEnabled());
        fixed.setOutputToConsole(configuration.isOutputToConsole());
        fixed.setRandomHttpPort(false);
        fixed.setAutoBindHttp(false);
        fixed.setExtraMicroOptions(configuration.getExtraMicroOptions() + " --port " + Integer.parseInt(number));
        try {
            fixed.validate(); // reads the Payara Micro version off the jar, as Arquillian does with its own copy
        } catch (org.jboss.arquillian.container.spi.ConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return fixed;
    }

    /** The connector reports the machine's external address; tests send traffic to loopback only. */
    private static ProtocolMetaData onLoopback(ProtocolMetaData reported) {
        ProtocolMetaData loopback = new ProtocolMetaData();
        for (Object context : reported.getContexts()) {
            if (context instanceof HTTPContext http) {
                HTTPContext local = new HTTPContext(http.getName(), "127.0.0.1", http.getPort());
                for (Servlet servlet : http.getServlets()) {
                    local.add(new Servlet(servlet.getName(), servlet.getContextRoot()));
                }
                loopback.addContext(local);
            } else {
                loopback.addContext(context);
            }
        }
        return loopback;
    }

    /** A digest of every entry's path and content, so deployments that differ in any byte boot apart. */
    private static String fingerprint(Archive<?> archive) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Map<ArchivePath, Node> entries = new TreeMap<>(archive.getContent());
            for (Map.Entry<ArchivePath, Node> entry : entries.entrySet()) {
                digest.update(entry.getKey().get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                if (entry.getValue().getAsset() != null) {
                    try (InputStream content = entry.getValue().getAsset().openStream()) {
                        byte[] buffer = new byte[64 * 1024];
                        for (int read; (read = content.read(buffer)) > 0; ) {
                            digest.update(buffer, 0, read);
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
