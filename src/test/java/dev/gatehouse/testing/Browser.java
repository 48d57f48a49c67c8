package dev.gatehouse.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * page visited is saved as {@code target/screenshots/<test>/<nn>-<step>.png} for people to review.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final URI base;
    private final Path screenshots;
    private final Path profile;
    private int step;

    private Browser(ChromeDriver driver, URI base, Path screenshots, Path profile) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    /** Starts a fresh browser (its own empty profile) for {@code testName}. */
    public static Browser start(URI base, String testName) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium at " + CHROMIUM + " and its driver at "
                    + CHROMEDRIVER + ". Install them with: apt-get install chromium chromium-driver "
                    + "(scripts/test.sh does this when they are missing).");
        }
        try {
            Path target = Path.of(System.getProperty("gatehouse.buildDirectory", "target"));
            Path profile = Files.createTempDirectory(Files.createDirectories(target.resolve("browser-profiles")), "chromium");
            Path screenshots = Files.createDirectories(target.resolve("screenshots").resolve(testName));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-quic", "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, base, screenshots, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens an application path and records a screenshot named after {@code step}. */
    public Browser open(String path, String stepName) {
        driver.get(base.resolve(path).toString());
        return screenshot(stepName);
    }

    /** Saves what the browser shows now. */
    public Browser screenshot(String stepName) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), screenshots.resolve(String.format("%02d-%s.png", ++step, stepName)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** The path (and query) of the current page, relative to the application. */
    public String path() {
        URI current = URI.create(driver.getCurrentUrl());
        return current.getRawPath() + (current.getRawQuery() == null ? "" : "?" + current.getRawQuery());
    }

    /** Waits (at most 10 s, by polling the condition) for the browser to arrive at a page. */
    public void waitUntilPathStartsWith(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> path().startsWith(prefix));
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public Cookie sessionCookie() {
        return driver.manage().getCookieNamed(TestClient.COOKIE_NAME);
    }

    public Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    public WebDriver driver() {
        return driver;
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
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignore) {
            // a leftover profile under target/ is harmless; mvn clean removes it
        }
    }
}
