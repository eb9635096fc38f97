package dev.oidchybrid.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oidchybrid.testkit.DemoUser;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared HtmlUnit browser against the kit's provider and the smallest protected application. */
class HtmlUnitBrowserTest {

    @RegisterExtension
    static OidcTestKit oidc = OidcTestKit.builder().build();

    private static ProtectedApp app;

    @BeforeAll
    static void startApp() {
        app = ProtectedApp.start();
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void openWhenProtectedThenTheProvidersLoginPage() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            Page page = browser.open(app.url("/whoami"));

            assertTrue(browser.onLoginPage(), () -> "not the login page: " + page.getUrl());
            assertTrue(page.getUrl().toString().startsWith(oidc.issuer() + "/authorize"), page.getUrl()::toString);
            assertEquals(page, browser.current());
        }
    }

    @Test
    void logInWhenRightPasswordThenBackOnThePageAfterTheFormPost() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(app.url("/whoami"));
            Page page = browser.logIn("alice", "alice-password");

            assertEquals(app.url("/whoami"), page.getUrl().toString());
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertEquals(DemoUser.alice().subject(), json(page.getWebResponse().getContentAsString()).get("sub"));
            assertFalse(browser.onLoginPage());
        }
    }

    @Test
    void logInWhenWrongPasswordThenTheLoginPageWithItsMessage() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(app.url("/whoami"));
            Page page = browser.logIn("alice", "not-alice-password");

            assertTrue(browser.onLoginPage(), "the login page is shown again");
            assertTrue(page.getUrl().toString().startsWith(oidc.issuer()), page.getUrl()::toString);
            assertNotNull(((HtmlPage) page).getElementById("message"), "the login page shows an error message");
            assertEquals(401, browser.fetch(app.url("/whoami")).getStatusCode(), "no session at the application");
        }
    }

    @Test
    void cancelLoginThenTheApplicationsAnswerToAccessDenied() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(app.url("/whoami"));
            Page page = browser.cancelLogin();

            assertEquals(app.url("/callback"), page.getUrl().toString());
            assertEquals(400, page.getWebResponse().getStatusCode());
            assertEquals("bad callback: access_denied", page.getWebResponse().getContentAsString());
        }
    }

    @Test
    void logInWhenNotOnTheLoginPageThenAssertionErrorNamingThePage() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(app.url("/public"));

            AssertionError e = assertThrows(AssertionError.class, () -> browser.logIn("alice", "alice-password"));

            assertTrue(e.getMessage().contains("expected the provider's login page, got " + app.url("/public")
                    + " (HTTP 200)"), e.getMessage());
            assertThrows(AssertionError.class, browser::cancelLogin);
        }
    }

    @Test
    void fetchAndNavigateThenTheHeadersOfAScriptAndOfANavigationWithTheSession() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            browser.open(app.url("/headers"));
            Page shown = browser.logIn("bob", "bob-password");

            WebResponse fetched = browser.fetch(app.url("/headers"));
            WebResponse navigated = browser.navigate(app.url("/headers"));

            assertEquals("application/json | cors | null", fetched.getContentAsString());
            assertEquals(BrowserRequests.HTML_ACCEPT + " | navigate | null", navigated.getContentAsString());
            assertEquals(shown, browser.current(), "the page shown does not change");
        }
    }

    @Test
    void fetchAndNavigateWhenNoSessionThen401AndTheRedirectNotFollowed() throws IOException {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            WebResponse script = browser.fetch(app.url("/whoami"));
            WebResponse navigation = browser.navigate(app.url("/whoami"));

            assertEquals(401, script.getStatusCode());
            assertEquals(302, navigation.getStatusCode());
            assertTrue(navigation.getResponseHeaderValue("Location").startsWith(oidc.issuer() + "/authorize"),
                    navigation.getResponseHeaderValue("Location"));
            assertTrue(browser.webClient().getOptions().isRedirectEnabled(), "redirects followed again after");
        }
    }

    @Test
    void newBrowserThenJavaScriptOnCssOffFailingStatusesReturnedAndTheSettleTimeoutAsTimeout() {
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser(Duration.ofSeconds(20))) {
            assertTrue(browser.webClient().getOptions().isJavaScriptEnabled());
            assertFalse(browser.webClient().getOptions().isCssEnabled());
            assertFalse(browser.webClient().getOptions().isThrowExceptionOnFailingStatusCode());
            assertTrue(browser.webClient().getOptions().isRedirectEnabled());
            assertEquals(20_000, browser.webClient().getOptions().getTimeout());
            assertEquals(Duration.ofSeconds(20), browser.settleTimeout());
        }
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
            assertEquals(HtmlUnitBrowser.DEFAULT_SETTLE_TIMEOUT, browser.settleTimeout());
        }
    }

    @Test
    void newBrowserWhenTimeoutNotPositiveOrTooLongThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new HtmlUnitBrowser(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new HtmlUnitBrowser(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new HtmlUnitBrowser(Duration.ofDays(30)));
        assertThrows(NullPointerException.class, () -> new HtmlUnitBrowser(null));
    }

    @Test
    void newBrowserOnAClientOfItsOwnThenDrivesTheLoginAndKeepsTheClientsOptions() throws IOException {
        WebClient client = new WebClient(BrowserVersion.FIREFOX);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnScriptError(false);
        try (HtmlUnitBrowser browser = new HtmlUnitBrowser(client, Duration.ofSeconds(5))) {
            browser.open(app.url("/whoami"));
            Page page = browser.logIn("alice", "alice-password");

            assertEquals(app.url("/whoami"), page.getUrl().toString());
            assertEquals(DemoUser.alice().subject(), json(page.getWebResponse().getContentAsString()).get("sub"));
            assertSame(client, browser.webClient());
            assertEquals(BrowserVersion.FIREFOX, client.getBrowserVersion());
            assertFalse(client.getOptions().isThrowExceptionOnScriptError(), "the client's own options are kept");
            assertEquals(Duration.ofSeconds(5), browser.settleTimeout());
        }
    }

    @Test
    void newBrowserOnAClientOfItsOwnWhenNoClientOrTimeoutNotPositiveThenRefused() {
        assertThrows(NullPointerException.class, () -> new HtmlUnitBrowser(null, Duration.ofSeconds(5)));
        try (WebClient client = new WebClient()) {
            assertThrows(IllegalArgumentException.class, () -> new HtmlUnitBrowser(client, Duration.ZERO));
            assertThrows(NullPointerException.class, () -> new HtmlUnitBrowser(client, null));
        }
    }

    private static Map<String, Object> json(String text) {
        try {
            return JsonUtil.parseJson(text);
        } catch (JoseException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
