package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.DevProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code preserve-post} in a real browser across sites (the sample app on {@code https://localhost}, the provider on
 * {@code http://127.0.0.1}, Chromium without the "Lax+POST" allowance): the user's session ends while a form is
 * open, the user submits it, and after the login the form reaches the application as if nothing had happened. The
 * headers Chromium sends decide it (its own {@code Origin} and Fetch Metadata on the first post), the kept form's
 * {@code SameSite=None} cookie must reach the cross-site form_post callback, and the replay page's script must run
 * under its Content-Security-Policy; the sample's "sign out everywhere" form, which refuses any post whose
 * {@code Sec-Fetch-Site} is not {@code same-origin}, then takes the replayed post as its own.
 */
class ChromiumPreservePostIT {

    private static DevProvider provider;
    private static SampleApp app;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        provider = DevProvider.builder().host("127.0.0.1").start();
        app = SampleApp.https("chromium-preserve-post", "localhost", FreePorts.next())
                .param("issuer", provider.issuer())
                .param("client-id", DevProvider.DEMO_CLIENT_ID)
                .param("client-secret", DevProvider.DEMO_CLIENT_SECRET)
                .param("preserve-post", "true")
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
    void formSubmittedAfterTheSessionEndedWhenPreservePostThenReachesTheApplicationAfterTheLogin() throws Exception {
        ChromeDriver driver = chromium.driver();
        String formPage = app.url("logout-everywhere");
        driver.get(formPage);
        chromium.awaitUrlStartingWith(provider.issuer() + "/authorize");
        chromium.logInAtDevProvider("alice", "alice-password");
        chromium.awaitUrl(formPage);
        Cookie session = driver.manage().getCookieNamed("JSESSIONID");
        assertNotNull(session, "the app's session cookie");
        app.invalidateSession(session.getValue());
        int authorizeRequests = provider.counters().authorize();

        // the provider's single sign-on session answers at once: the post goes through the login without a stop
        driver.findElement(By.cssSelector("form button")).click();

        chromium.awaitUrl(formPage);
        try {
            new WebDriverWait(driver, Chromium.WAIT).until(d -> chromium.bodyText().contains("Signed out on every device."));
        } catch (TimeoutException e) {
            throw new AssertionError("the form did not reach the application; the browser shows "
                    + driver.getCurrentUrl() + ":\n" + chromium.bodyText(), e);
        }
        assertEquals(authorizeRequests + 1, provider.counters().authorize(), "the post started one login");
        assertEquals(200L, chromium.documentStatus(), chromium.bodyText());
        assertTrue(chromium.cookiesNamed("__Host-oidc_post").isEmpty(),
                () -> "the kept form is removed once replayed: " + chromium.cookiesNamed("__Host-oidc_post"));
        assertFalse(chromium.bodyText().contains("login_required"), chromium.bodyText());
    }
}
