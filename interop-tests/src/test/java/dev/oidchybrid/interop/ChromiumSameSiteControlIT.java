package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.ClientRegistration;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.http.Json;
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
 * Plain http, with the provider on {@code http://127.0.0.1} (another site) and Chromium's Lax+POST allowance
 * switched off ({@code SameSiteDefaultChecksMethodRigorously}, as for a user who spends more than two minutes at
 * the provider):
 * <ul>
 *   <li>on {@code http://localhost} and {@code http://127.0.0.1}, which browsers treat as secure contexts, the
 *       filter sets its secure cookie
 *       set ({@code __Host-}, Secure, {@code SameSite=None}), and the cross-site form_post login passes: what a
 *       developer trying the filter against a real provider gets;</li>
 *   <li>on a plain-http host that is no secure context ({@code app.test}, mapped to the loopback address for this
 *       browser only), where only a cookie without SameSite can be set, the callback arrives without it and is
 *       refused ({@code invalid_state}); with the allowance on, the same login passes. So the browser really
 *       enforces SameSite here, and the secure cookies are what make the other logins work.</li>
 * </ul>
 */
class ChromiumSameSiteControlIT {

    /** A name Chromium does not treat as a secure context, resolved to the loopback address by this browser only. */
    private static final String PLAIN_HOST = "app.test";
    private static final String RESOLVE_PLAIN_HOST = "--host-resolver-rules=MAP " + PLAIN_HOST + " 127.0.0.1";

    private static DevProvider provider;
    /** For the app on 127.0.0.1: a provider on localhost, so that the callback is cross-site there too. */
    private static DevProvider providerOnLocalhost;
    private static SampleApp localhost;
    private static SampleApp loopbackAddress;
    private static SampleApp plain;

    @BeforeAll
    static void start() throws Exception {
        provider = DevProvider.builder().host("127.0.0.1")
                .client(new ClientRegistration(DevProvider.DEMO_CLIENT_ID, DevProvider.DEMO_CLIENT_SECRET,
                        List.of("http://localhost:*", "http://" + PLAIN_HOST + ":*")))
                .start();
        localhost = SampleApp.http("chromium-localhost-http", "localhost", FreePorts.next())
                .param("issuer", provider.issuer())
                .param("client-id", DevProvider.DEMO_CLIENT_ID)
                .param("client-secret", DevProvider.DEMO_CLIENT_SECRET)
                .start();
        providerOnLocalhost = DevProvider.builder().host("localhost").start();
        loopbackAddress = SampleApp.http("chromium-loopback-http", "127.0.0.1", FreePorts.next())
                .param("issuer", providerOnLocalhost.issuer())
                .param("client-id", DevProvider.DEMO_CLIENT_ID)
                .param("client-secret", DevProvider.DEMO_CLIENT_SECRET)
                .start();
        plain = SampleApp.http("chromium-plain-http", PLAIN_HOST, FreePorts.next())
                .param("issuer", provider.issuer())
                .param("client-id", DevProvider.DEMO_CLIENT_ID)
                .param("client-secret", DevProvider.DEMO_CLIENT_SECRET)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(localhost, loopbackAddress, plain, provider, providerOnLocalhost);
    }

    @Test
    void crossSiteLoginOnPlainHttpLocalhostPassesWithSecureHostCookiesWhenTheBrowserEnforcesSameSite()
            throws Exception {
        strictLoginPassesOn(localhost, provider);
    }

    @Test
    void crossSiteLoginOnPlainHttpLoopbackAddressPassesWithSecureHostCookiesWhenTheBrowserEnforcesSameSite()
            throws Exception {
        strictLoginPassesOn(loopbackAddress, providerOnLocalhost);
    }

    private static void strictLoginPassesOn(SampleApp app, DevProvider provider) throws Exception {
        try (Chromium chromium = Chromium.start(true)) {
            ChromeDriver driver = chromium.driver();
            String original = app.url("profile?on=loopback");
            driver.get(original);
            chromium.awaitUrlStartingWith(provider.issuer() + "/authorize");
            List<Map<String, Object>> stored = chromium.cookiesNamed("__Host-oidc_login");
            Map<String, Object> primary = stored.stream().filter(c -> !String.valueOf(c.get("name")).endsWith("_f"))
                    .findFirst().orElseThrow(() -> new AssertionError("no __Host- pending-login cookie: "
                            + chromium.cookiesNamed("")));
            assertEquals(true, primary.get("secure"), () -> "cookie: " + primary);
            assertEquals("None", primary.get("sameSite"), () -> "cookie: " + primary);
            assertEquals("/", primary.get("path"), () -> "cookie: " + primary);

            logIn(driver);

            chromium.awaitUrl(original);
            assertEquals("alice-0001", Json.object(chromium.jsonText()).get("sub"));
        }
    }

    @Test
    void crossSiteLoginOverPlainHttpFailsOnTheCallbackWhenTheBrowserEnforcesSameSite() throws Exception {
        try (Chromium chromium = Chromium.start(true, RESOLVE_PLAIN_HOST); FilterLog log = new FilterLog()) {
            ChromeDriver driver = chromium.driver();
            driver.get(plain.url("profile"));
            chromium.awaitUrlStartingWith(provider.issuer() + "/authorize");
            List<Map<String, Object>> stored = chromium.cookiesNamed("oidc_login_");
            assertEquals(1, stored.size(), () -> "one pending-login cookie over http: " + stored);
            assertFalse(stored.get(0).containsKey("sameSite"), () -> "no SameSite over http: " + stored);

            logIn(driver);

            chromium.awaitUrlStartingWith(plain.url("callback"));
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
        try (Chromium chromium = Chromium.start(false, RESOLVE_PLAIN_HOST)) {
            ChromeDriver driver = chromium.driver();
            String original = plain.url("profile?control=lax-post");
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
