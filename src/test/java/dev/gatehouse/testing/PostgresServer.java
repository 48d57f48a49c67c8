package dev.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the PostgreSQL server the tests use, for outage tests. The command comes from
 * GATEHOUSE_TEST_PG_CTL (scripts/test.sh sets it, e.g. "pg_ctlcluster --skip-systemctl-redirect 15 main").
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    public static void stop() {
        run("stop", "-m", "fast");
    }

    public static void start() {
        run("start");
    }

    private static void run(String... action) {
        String command = System.getenv("GATEHOUSE_TEST_PG_CTL");
        if (command == null || command.isBlank()) {
            throw new IllegalStateException("GATEHOUSE_TEST_PG_CTL is not set: run the tests with scripts/test.sh, "
                    + "which sets it to the command that controls the test PostgreSQL server.");
        }
        String[] words = command.trim().split("\\s+");
        String[] full = Arrays.copyOf(words, words.length + action.length);
        System.arraycopy(action, 0, full, words.length, action.length);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
