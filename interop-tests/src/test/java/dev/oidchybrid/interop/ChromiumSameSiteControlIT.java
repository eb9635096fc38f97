package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Controls that show the browser tests are meaningful: the app on plain {@code http://localhost} (where the
 * filter can only set its pending-login cookie without SameSite, i.e. Lax by default) and the provider on
 * {@code http://127.0.0.1} (another site). With Chromium's Lax+POST allowance switched off the cross-site
 * form_post callback arrives without the cookie and the filter refuses it (400, {@code invalid_state}); with the
 * allowance on (a cookie younger than two minutes) the same login passes. So the browser really enforces
 * SameSite in these tests, and the https set-up of {@link ChromiumCrossSiteIT} is what makes the login work.
 */
class ChromiumSameSiteControlIT {

    private static DevProvider provider;
    private static SampleApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = DevProvider.builder().host("127.0.0.1").start();
        app = SampleApp.http("chromium-plain-http", "localhost", FreePorts.next())
                .param("issuer", provider.issuer())
                .param("client-id", DevProvider.DEMO_CLIENT_ID)
                .param("client-secret", DevProvider.DEMO_CLIENT_SECRET)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(app, provider);
    }

    @Test
    void crossSiteLoginOverPlainHttpFailsOnTheCallbackWhenTheBrowserEnforcesSameSite() throws Exception {
        try (Chromium chromium = Chromium.start(true); FilterLog log = new FilterLog()) {
            ChromeDriver driver = chromium.driver();
            driver.get(app.url("profile"));
            chromium.awaitUrlStartingWith(provider.issuer() + "/authorize");
            List<Map<String, Object>> stored = chromium.cookiesNamed("oidc_login_");
            assertEquals(1, stored.size(), () -> "one pending-login cookie over http: " + stored);
            assertFalse(stored.get(0).containsKey("sameSite"), () -> "no SameSite over http: " + stored);

            logIn(driver);

            chromium.awaitUrlStartingWith(app.url("callback"));
            assertEquals(400L, chromium.documentStatus(), () -> "callback page:\n" + chromium.bodyText());
            String page = chromium.bodyText();
            assertTrue(page.contains("Sign-in problem") && page.contains("invalid_state"), page);
            // and the reason is the one under test: the cookie was set, but not sent with the cross-site POST
            assertTrue(log.contains("login-state cookie missing on the callback to ")
                    && log.contains(": the browser did not send it"), () -> "filter log: " + log.lines());
        }
    }

    @Test
    void theSameLoginPassesWithTheLaxPostAllowance() throws Exception {
        try (Chromium chromium = Chromium.start(false)) {
            ChromeDriver driver = chromium.driver();
            String original = app.url("profile?control=lax-post");
            driver.get(original);
            chromium.awaitUrlStartingWith(provider.issuer() + "/authorize");

            logIn(driver);

            chromium.awaitUrl(original);
            assertEquals("alice-0001", Json.object(chromium.jsonText()).get("sub"));
        }
    }

    private static void logIn(ChromeDriver driver) {
        driver.findElement(By.cssSelector("form#login input[name='username']")).sendKeys("alice");
        driver.findElement(By.cssSelector("form#login input[name='password']")).sendKeys("alice-password");
        driver.findElement(By.cssSelector("form#login button[name='action'][value='login']")).click();
    }
}
