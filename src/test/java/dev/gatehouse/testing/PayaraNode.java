package dev.gatehouse.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A second Payara Micro process serving the same WAR on another loopback port against the same PostgreSQL,
 * started the way the README runs production (same server-config/). Stopped by its own PID only.
 */
public final class PayaraNode implements AutoCloseable {

    private final Process process;
    private final int port;

    private PayaraNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code war} and returns once it answers {@code /api/ping}, or fails after three minutes. */
    public static PayaraNode start(WebArchive war, String name) {
        try {
            Path work = Files.createDirectories(
                    Path.of(System.getProperty("java.io.tmpdir")).resolve(name));
            File warFile = work.resolve("gatehouse.war").toFile();
            war.as(ZipExporter.class).exportTo(warFile, true);
            int port = freePort();
            String config = System.getProperty("gatehouse.serverConfig");
            Process process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            System.getProperty("payara.microJar"),
                            "--nocluster",
                            "--disablephonehome",
                            "--port",
                            Integer.toString(port),
                            "--rootdir",
                            work.resolve("payara").toString(),
                            "--addLibs",
                            System.getProperty("gatehouse.postgresqlJar"),
                            "--prebootcommandfile",
                            config + "/pre-boot-commands.asadmin",
                            "--postbootcommandfile",
                            config + "/post-boot-commands.asadmin",
                            "--contextroot",
                            "/",
                            "--deploy",
                            warFile.getAbsolutePath()))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("server.log").toFile())
                    .start();
            PayaraNode node = new PayaraNode(process, port);
            node.awaitReady(work.resolve("server.log"));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URL url() {
        try {
            return URI.create("http://127.0.0.1:" + port + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Path log) {
        TestClient client = new TestClient(url());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second node exited while starting; see " + log);
            }
            try {
                if (client.get("/api/ping").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // the port is not open yet; ask again
            }
            try {
                Thread.sleep(500); // polling for readiness with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("The second node was not ready within three minutes; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
