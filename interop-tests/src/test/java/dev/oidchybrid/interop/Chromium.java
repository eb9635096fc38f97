package dev.oidchybrid.interop;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven by Debian's chromedriver through Selenium (never a downloaded driver or
 * browser), with a fresh profile, trusting only the test certificate. {@code rigorousSameSite} starts it with
 * {@code --enable-features=SameSiteDefaultChecksMethodRigorously}, which switches off the "Lax+POST" allowance
 * (a cookie without SameSite younger than two minutes is otherwise still sent with a cross-site POST), so the
 * browser treats every cookie the way it will once the login takes longer than two minutes.
 */
final class Chromium implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Selenium warns at every start that it has no CDP bindings for this Chromium version; only the
     * version-independent {@code executeCdpCommand} is used here, so the warning is noise. (Held here: a logger
     * only referenced weakly could lose its level.)
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Chromium start(boolean rigorousSameSite) throws IOException {
        return start(rigorousSameSite, new String[0]);
    }

    /** As {@link #start(boolean)}, with more command-line switches (e.g. {@code --host-resolver-rules=...}). */
    static Chromium start(boolean rigorousSameSite, String... moreArguments) throws IOException {
        Path work = InteropEnvironment.workDir();
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(InteropEnvironment.chromium().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--disable-quic", "--password-store=basic", "--window-size=1024,768",
                "--user-data-dir=" + profile,
                // trust the test certificate and nothing else (honoured because --user-data-dir is set)
                "--ignore-certificate-errors-spki-list=" + TestTls.get().spkiSha256());
        if (rigorousSameSite) {
            options.addArguments("--enable-features=SameSiteDefaultChecksMethodRigorously");
        }
        options.addArguments(moreArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(InteropEnvironment.chromedriver().toFile())
                .usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return new Chromium(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Waits until the address bar shows exactly {@code url}. */
    void awaitUrl(String url) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> url.equals(d.getCurrentUrl()));
        } catch (WebDriverException e) {
            throw new AssertionError("expected to land on " + url + " but the browser shows " + driver.getCurrentUrl()
                    + ":\n" + bodyText(), e);
        }
    }

    /** Waits until the address bar starts with {@code prefix} and the document has loaded. */
    void awaitUrlStartingWith(String prefix) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().startsWith(prefix)
                    && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        } catch (WebDriverException e) {
            throw new AssertionError("expected a page under " + prefix + " but the browser shows "
                    + driver.getCurrentUrl() + ":\n" + bodyText(), e);
        }
    }

    /** Fills in the development provider's login page shown now and signs in. */
    void logInAtDevProvider(String username, String password) {
        driver.findElement(By.cssSelector("form#login input[name='username']")).sendKeys(username);
        driver.findElement(By.cssSelector("form#login input[name='password']")).sendKeys(password);
        driver.findElement(By.cssSelector("form#login button[name='action'][value='login']")).click();
    }

    /** The visible text of the page. */
    String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (WebDriverException e) {
            return "(no body: " + e.getMessage() + ")";
        }
    }

    /** The text of a JSON document shown by the browser (in its {@code <pre>}, whatever the JSON viewer adds). */
    String jsonText() {
        List<WebElement> pre = driver.findElements(By.tagName("pre"));
        return pre.isEmpty() ? bodyText() : pre.get(0).getText();
    }

    /** The HTTP status of the document shown (Navigation Timing's {@code responseStatus}). */
    long documentStatus() {
        Object status = driver.executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : -1;");
        return ((Number) status).longValue();
    }

    /** Every cookie in the browser, as DevTools reports it ({@code name}, {@code httpOnly}, {@code secure}, ...). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> allCookies() {
        Map<String, Object> result;
        try {
            result = driver.executeCdpCommand("Storage.getCookies", Map.of());
        } catch (WebDriverException e) {
            result = driver.executeCdpCommand("Network.getAllCookies", Map.of());
        }
        return new ArrayList<>((List<Map<String, Object>>) result.get("cookies"));
    }

    /** The cookies whose names start with {@code prefix}. */
    List<Map<String, Object>> cookiesNamed(String prefix) {
        return allCookies().stream().filter(c -> String.valueOf(c.get("name")).startsWith(prefix)).toList();
    }

    /** Back to one blank tab without cookies, for the next test. */
    void reset() {
        List<String> handles = new ArrayList<>(driver.getWindowHandles());
        for (int i = 1; i < handles.size(); i++) {
            driver.switchTo().window(handles.get(i)).close();
        }
        driver.switchTo().window(handles.get(0));
        driver.get("about:blank");
        driver.executeCdpCommand("Storage.clearCookies", Map.of());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a file Chromium still holds: target/ is cleaned by the next mvn clean anyway
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
