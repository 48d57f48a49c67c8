package dev.gatehouse.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (no downloads, ever), on 127.0.0.1 only. Every
 * page visited is saved as {@code target/screenshots/<test>/<nn>-<step>.png} for people to review. Browsers come
 * from a {@link Launcher}.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Path TARGET = Path.of(System.getProperty("gatehouse.buildDirectory", "target"));

    private final Launched launched;
    private final URI base;
    private final Path screenshots;
    private int step;

    private Browser(Launched launched, URI base, Path screenshots) {
        this.launched = launched;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** A started Chromium with its own empty profile, not yet given to a test. */
    private record Launched(ChromeDriver driver, Path profile) {

        void quit() {
            driver.quit();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignore) {
                // a leftover profile under target/ is harmless; mvn clean removes it
            }
        }
    }

    /**
     * Hands out fresh browsers for one test class. Starting Chromium takes seconds, so while a test uses one
     * browser the next is already starting; {@link #close()} (in {@code @AfterAll}) quits the spare.
     */
    public static final class Launcher implements AutoCloseable {

        private final ExecutorService starter = Executors.newSingleThreadExecutor();
        private Future<Launched> spare;

        /** A fresh browser (its own empty profile) for {@code testName}, on the application at {@code base}. */
        public synchronized Browser start(URI base, String testName) {
            Future<Launched> next = spare == null ? starter.submit(Browser::launch) : spare;
            spare = starter.submit(Browser::launch);
            try {
                Path screenshots =
                        Files.createDirectories(TARGET.resolve("screenshots").resolve(testName));
                return new Browser(next.get(), base, screenshots);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Chromium did not start", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void close() {
            starter.shutdown();
            if (spare != null) {
                try {
                    spare.get().quit();
                } catch (ExecutionException ignore) {
                    // it never started, so there is nothing to quit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Launched launch() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(
                    "Browser tests need Debian's Chromium at " + CHROMIUM + " and its driver at "
                            + CHROMEDRIVER + ". Install them with: apt-get install chromium chromium-driver "
                            + "(scripts/test.sh does this when they are missing).");
        }
        try {
            Path profile =
                    Files.createTempDirectory(Files.createDirectories(TARGET.resolve("browser-profiles")), "chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile.toAbsolutePath());
            // the page's console, for a failure message that says what its script ran into
            options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Launched(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens an application path and records a screenshot named after {@code step}. */
    public Browser open(String path, String stepName) {
        launched.driver().get(base.resolve(path).toString());
        return screenshot(stepName);
    }

    /** Saves what the browser shows now. */
    public Browser screenshot(String stepName) {
        File shot = launched.driver().getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(
                    shot.toPath(),
                    screenshots.resolve(String.format("%02d-%s.png", ++step, stepName)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public WebElement find(By by) {
        return launched.driver().findElement(by);
    }

    public boolean has(By by) {
        return !launched.driver().findElements(by).isEmpty();
    }

    /** The path (and query) of the current page, relative to the application. */
    public String path() {
        URI current = URI.create(launched.driver().getCurrentUrl());
        return current.getRawPath() + (current.getRawQuery() == null ? "" : "?" + current.getRawQuery());
    }

    /** Waits (at most 10 s, by polling the condition) for the browser to arrive at a page. */
    public void waitUntilPathStartsWith(String prefix) {
        new WebDriverWait(launched.driver(), Duration.ofSeconds(10)).until(d -> path().startsWith(prefix));
    }

    /**
     * Waits (at most 10 s, by polling the condition) for the page to show what {@code condition} looks for; on a
     * timeout, the screenshot {@code timed-out} and the page's path and text say where the browser got stuck.
     */
    public void waitUntil(java.util.function.Predicate<Browser> condition) {
        try {
            new WebDriverWait(launched.driver(), Duration.ofSeconds(10)).until(d -> condition.test(this));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timed-out");
            Object reasons = script("return Array.from(document.querySelectorAll('[data-reason]'))"
                    + ".map(function (e) { return e.dataset.reason; }).join('; ')");
            throw new AssertionError(
                    "Waited 10 s in vain on " + path() + " (reasons given: " + reasons + "; console: " + console()
                            + "), showing:\n" + text(),
                    e);
        }
    }

    /** What the page's scripts logged to the console so far. */
    public String console() {
        try {
            return launched.driver().manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage())
                    .collect(java.util.stream.Collectors.joining(" | "));
        } catch (RuntimeException unsupported) {
            return "(unavailable: " + unsupported.getMessage() + ")";
        }
    }

    public String text() {
        return launched.driver().findElement(By.tagName("body")).getText();
    }

    public Cookie sessionCookie() {
        return launched.driver().manage().getCookieNamed(TestClient.COOKIE_NAME);
    }

    public Object script(String javascript) {
        return launched.driver().executeScript(javascript);
    }

    public WebDriver driver() {
        return launched.driver();
    }

    /** Signs in through the login form, as a person would. */
    public Browser signIn(String username, String password, String stepName) {
        find(By.id("login:username")).clear();
        find(By.id("login:username")).sendKeys(username);
        find(By.id("login:password")).sendKeys(password);
        screenshot(stepName + "-typed");
        find(By.id("login:submit")).click();
        return screenshot(stepName);
    }

    @Override
    public void close() {
        launched.quit();
    }
}
