package dev.oidchybrid.testkit.junit;

import dev.oidchybrid.testkit.DemoUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;

/**
 * The login of {@link OidcTestKit#webClient} in HtmlUnit: the protected page, the provider's login form, and the
 * form_post page that submits itself by script to the application's callback, driven by an {@link HtmlUnitBrowser}
 * around a client that keeps HtmlUnit's defaults. Besides {@link HtmlUnitBrowser} and {@link OidcTestKit#webClient}'s
 * signature, the only class of the kit that names HtmlUnit types: HtmlUnit is an optional dependency.
 */
final class HtmlUnitLogin {

    private static final Duration SETTLE_TIMEOUT = HtmlUnitBrowser.DEFAULT_SETTLE_TIMEOUT;

    private HtmlUnitLogin() {
    }

    /**
     * A new Chrome-like {@link WebClient} (JavaScript on, CSS off, HtmlUnit's other defaults) in which {@code user}
     * has logged in, starting from the protected {@code startUrl}; it shows the page the login returned to.
     */
    static WebClient logIn(String issuer, DemoUser user, String startUrl) {
        WebClient client = new WebClient(BrowserVersion.CHROME);
        client.getOptions().setCssEnabled(false);
        boolean throwOnFailingStatus = client.getOptions().isThrowExceptionOnFailingStatusCode();
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        HtmlUnitBrowser browser = new HtmlUnitBrowser(client, SETTLE_TIMEOUT);
        boolean loggedIn = false;
        try {
            Page page = browser.open(startUrl);
            if (!browser.onLoginPage() || !page.getUrl().toString().startsWith(issuer + "/authorize")) {
                throw new AssertionError("opening " + startUrl + " led to " + page.getUrl() + " (HTTP "
                        + page.getWebResponse().getStatusCode() + ") instead of the provider's login page at "
                        + issuer + "/authorize: is the URL behind the filter, and was the application started "
                        + "after the test kit set oidc.issuer=" + issuer + "?");
            }
            Page landed = browser.logIn(user.username(), user.password());
            if (browser.onLoginPage()) {
                throw new AssertionError("the provider did not accept the login of " + user.username() + ": "
                        + ((HtmlPage) landed).getElementById("message").getTextContent().trim());
            }
            if (landed.getWebResponse().getWebRequest().getHttpMethod() == HttpMethod.POST) {
                throw new AssertionError("the application answered the login's callback " + landed.getUrl().getPath()
                        + " with " + landed.getWebResponse().getStatusCode() + " instead of a redirect back to the "
                        + "page: " + landed.getWebResponse().getContentAsString());
            }
            loggedIn = true;
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("the login in HtmlUnit failed", e);
        } finally {
            client.getOptions().setThrowExceptionOnFailingStatusCode(throwOnFailingStatus);
            if (!loggedIn) {
                browser.close();
            }
        }
    }
}
