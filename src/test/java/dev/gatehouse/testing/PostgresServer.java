package dev.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops and starts the PostgreSQL server the tests use, for outage tests. The command comes from
 * GATEHOUSE_TEST_PG_CTL (scripts/test.sh sets it, e.g. "pg_ctlcluster --skip-systemctl-redirect 15 main").
 * As a JUnit extension it starts the server again after every test that left it stopped, whatever failed.
 */
public final class PostgresServer implements AfterEachCallback {

    /** {@code pg_ctl status}: the server is not running. */
    private static final int NOT_RUNNING = 3;

    public static void stop() {
        run("stop", "-m", "fast");
    }

    public static void start() {
        run("start");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (exitCodeOf("status") == NOT_RUNNING) {
            start();
        }
    }

    private static void run(String... action) {
        if (exitCodeOf(action) != 0) {
            throw new IllegalStateException(String.join(" ", action) + " of the test PostgreSQL failed; see above");
        }
    }

    private static int exitCodeOf(String... action) {
        String command = System.getenv("GATEHOUSE_TEST_PG_CTL");
        if (command == null || command.isBlank()) {
            throw new IllegalStateException("GATEHOUSE_TEST_PG_CTL is not set: run the tests with scripts/test.sh, "
                    + "which sets it to the command that controls the test PostgreSQL server.");
        }
        String[] words = command.trim().split("\\s+");
        String[] full = Arrays.copyOf(words, words.length + action.length);
        System.arraycopy(action, 0, full, words.length, action.length);
        try {
            Process process = new ProcessBuilder(full).inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within a minute");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
