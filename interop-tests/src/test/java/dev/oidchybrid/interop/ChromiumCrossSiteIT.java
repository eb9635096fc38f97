package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login in a real browser across sites: the sample app on {@code https://localhost:<port>} (the test
 * certificate), the development provider on {@code http://127.0.0.1:<port>}, so the provider's form_post
 * callback is a genuine cross-site top-level POST. Chromium runs with the "Lax+POST" allowance switched off, so
 * only a cookie that is really {@code SameSite=None; Secure} reaches the callback.
 */
class ChromiumCrossSiteIT {

    /** Over https the filter's cookies are __Host- cookies (Secure, Path=/, no Domain: cannot be planted). */
    private static final String LOGIN_COOKIE_PREFIX = "__Host-oidc_login";

    private static DevProvider provider;
    private static SampleApp app;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        provider = DevProvider.builder().host("127.0.0.1").start();
        app = SampleApp.https("chromium-cross-site", "localhost", FreePorts.next())
                .param("issuer", provider.issuer())
                .param("client-id", DevProvider.DEMO_CLIENT_ID)
                .param("client-secret", DevProvider.DEMO_CLIENT_SECRET)
                .start();
        chromium = Chromium.start(true);
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(chromium, app, provider);
    }

    @AfterEach
    void freshBrowserState() {
        chromium.reset();
    }

    @Test
    void loginThroughTheProvidersLoginPageReturnsToTheOriginalUrlWithItsQuery() {
        String original = app.url("profile?x=1&y=two");
        ChromeDriver driver = chromium.driver();

        driver.get(original);
        awaitDevLoginPage();
        logInAtDevProvider("alice", "alice-password");

        chromium.awaitUrl(original);
        Map<String, Object> profile = Json.object(chromium.jsonText());
        assertEquals("alice-0001", profile.get("sub"));
        assertEquals(true, profile.get("access_token_present"));
        assertEquals(provider.issuer(), profile.get("iss"));
        assertTrue(chromium.cookiesNamed(LOGIN_COOKIE_PREFIX).isEmpty(),
                () -> "the pending-login cookies are removed by the callback: " + chromium.cookiesNamed(LOGIN_COOKIE_PREFIX));
    }

    @Test
    void twoTabsLoggingInAtTheSameTimeBothSucceed() {
        ChromeDriver driver = chromium.driver();
        String first = app.url("profile?tab=1");
        String second = app.url("hello?tab=2");

        driver.get(first);
        awaitDevLoginPage();
        String firstTab = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(second);
        awaitDevLoginPage();
        String secondTab = driver.getWindowHandle();
        // two logins in flight in one browser: one pending-login cookie each (plus the fallback copies on https)
        assertEquals(2, primaryLoginCookies().size(), () -> "pending logins: " + chromium.cookiesNamed(LOGIN_COOKIE_PREFIX));

        driver.switchTo().window(firstTab);
        logInAtDevProvider("alice", "alice-password");
        chromium.awaitUrl(first);
        assertEquals("alice-0001", Json.object(chromium.jsonText()).get("sub"));

        driver.switchTo().window(secondTab);
        logInAtDevProvider("alice", "alice-password");
        chromium.awaitUrl(second);
        assertEquals("hello alice-0001", chromium.bodyText().trim());
        assertTrue(chromium.cookiesNamed(LOGIN_COOKIE_PREFIX).isEmpty(),
                () -> "left-over pending logins: " + chromium.cookiesNamed(LOGIN_COOKIE_PREFIX));
    }

    @Test
    void fetchFromThePageAfterTheSessionEndedGets401NotARedirectAndStartsNoLogin() throws Exception {
        ChromeDriver driver = chromium.driver();
        String original = app.url("profile");
        driver.get(original);
        awaitDevLoginPage();
        logInAtDevProvider("alice", "alice-password");
        chromium.awaitUrl(original);

        Map<String, Object> before = fetch("/hello");
        assertEquals(200L, before.get("status"), () -> "with the session: " + before);
        assertEquals("hello alice-0001", String.valueOf(before.get("body")).trim());

        Cookie session = driver.manage().getCookieNamed("JSESSIONID");
        assertNotNull(session, "the app's session cookie");
        app.invalidateSession(session.getValue());

        int authorizeRequests = provider.counters().authorize();
        Map<String, Object> after = fetch("/hello");
        assertEquals("basic", after.get("type"), () -> "a redirect would show as opaqueredirect: " + after);
        assertEquals(401L, after.get("status"), () -> "after the session ended: " + after);
        assertEquals(false, after.get("redirected"));
        assertTrue(String.valueOf(after.get("wwwAuthenticate")).startsWith("OIDC"), () -> "WWW-Authenticate: " + after);
        assertTrue(chromium.cookiesNamed(LOGIN_COOKIE_PREFIX).isEmpty(),
                () -> "a fetch must not start a login: " + chromium.cookiesNamed(LOGIN_COOKIE_PREFIX));

        assertEquals(authorizeRequests, provider.counters().authorize(), "the fetch did not reach the provider");

        // the same URL as a page navigation does start a login (silent here: the provider's SSO session is
        // still there), so the 401 was the filter's answer to a fetch, not a broken session or app
        int tokenRequests = provider.counters().token();
        driver.get(app.url("hello"));
        chromium.awaitUrl(app.url("hello"));
        assertEquals("hello alice-0001", chromium.bodyText().trim());
        assertEquals(tokenRequests + 1, provider.counters().token(), "the navigation logged in again");
    }

    @Test
    void pendingLoginCookieIsHttpOnlySecureAndSameSiteNone() throws Exception {
        chromium.driver().get(app.url("whoami"));
        awaitDevLoginPage();

        // as the browser stored it (DevTools)
        List<Map<String, Object>> stored = chromium.cookiesNamed(LOGIN_COOKIE_PREFIX);
        Map<String, Object> primary = stored.stream().filter(c -> !String.valueOf(c.get("name")).endsWith("_f"))
                .findFirst().orElseThrow(() -> new AssertionError("no pending-login cookie: " + stored));
        assertEquals(true, primary.get("httpOnly"), () -> "cookie: " + primary);
        assertEquals(true, primary.get("secure"), () -> "cookie: " + primary);
        assertEquals("None", primary.get("sameSite"), () -> "cookie: " + primary);
        assertEquals("localhost", primary.get("domain"), () -> "host-only cookie: " + primary);
        assertEquals("/", primary.get("path"), () -> "a __Host- cookie has Path=/: " + primary);
        Map<String, Object> fallback = stored.stream().filter(c -> (primary.get("name") + "_f").equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no fallback copy: " + stored));
        assertEquals(true, fallback.get("httpOnly"), () -> "fallback: " + fallback);
        assertEquals(true, fallback.get("secure"), () -> "fallback: " + fallback);
        assertFalse(fallback.containsKey("sameSite"), () -> "the fallback has no SameSite attribute: " + fallback);

        // as the server sent it
        HttpClient client = HttpClient.newBuilder().sslContext(TestTls.get().clientContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(app.url("whoami")))
                .header("Accept", "text/html").header("Sec-Fetch-Mode", "navigate").GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(302, response.statusCode());
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        String header = setCookies.stream().filter(h -> h.startsWith(LOGIN_COOKIE_PREFIX) && !h.contains("_f="))
                .findFirst().orElseThrow(() -> new AssertionError("no pending-login Set-Cookie: " + setCookies));
        String lower = header.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("; httponly"), header);
        assertTrue(lower.contains("; secure"), header);
        assertTrue(lower.contains("; samesite=none"), header);
        assertTrue(lower.contains("; path=/;") || lower.endsWith("; path=/"), header);
        assertFalse(lower.contains("; domain="), header);
    }

    private static List<Map<String, Object>> primaryLoginCookies() {
        return chromium.cookiesNamed(LOGIN_COOKIE_PREFIX).stream()
                .filter(c -> !String.valueOf(c.get("name")).endsWith("_f")).toList();
    }

    /** A {@code fetch()} by the page's own script, as a single-page app would make it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(String path) {
        Object result = chromium.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { credentials: 'same-origin', redirect: 'manual' })
                  .then(r => r.text().then(body => done({
                    status: r.status, type: r.type, redirected: r.redirected,
                    wwwAuthenticate: r.headers.get('WWW-Authenticate'), body })))
                  .catch(e => done({ error: String(e) }));
                """, path);
        return (Map<String, Object>) result;
    }

    private static void awaitDevLoginPage() {
        chromium.awaitUrlStartingWith(provider.issuer() + "/authorize");
        assertFalse(chromium.driver().findElements(By.cssSelector("form#login")).isEmpty(),
                () -> "expected the provider's login page, got:\n" + chromium.bodyText());
    }

    private static void logInAtDevProvider(String username, String password) {
        chromium.logInAtDevProvider(username, password);
    }
}
