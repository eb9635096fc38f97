package dev.oidchybrid.testkit.junit;

import dev.oidchybrid.testkit.DemoUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

/**
 * The login of {@link OidcTestKit#webClient} in HtmlUnit: the protected page, the provider's login form, and the
 * form_post page that submits itself by script to the application's callback. The only class of the kit that
 * names HtmlUnit types besides {@link OidcTestKit#webClient}'s signature: HtmlUnit is an optional dependency.
 */
final class HtmlUnitLogin {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

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
        boolean loggedIn = false;
        try {
            client.getPage(startUrl);
            Page page = settle(client);
            if (!isLoginPage(page) || !page.getUrl().toString().startsWith(issuer + "/authorize")) {
                throw new AssertionError("opening " + startUrl + " led to " + page.getUrl() + " (HTTP "
                        + page.getWebResponse().getStatusCode() + ") instead of the provider's login page at "
                        + issuer + "/authorize: is the URL behind the filter, and was the application started "
                        + "after the test kit set oidc.issuer=" + issuer + "?");
            }
            HtmlPage login = (HtmlPage) page;
            input(login, "username").setValue(user.username());
            input(login, "password").setValue(user.password());
            ((HtmlElement) login.querySelector("form#login [name='action'][value='login']")).click();
            Page landed = settle(client);
            if (isLoginPage(landed)) {
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
                client.close();
            }
        }
    }

    /** Waits until the page shown no longer submits itself on load and returns it. */
    private static Page settle(WebClient client) {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (true) {
            client.waitForBackgroundJavaScript(50);
            Page page = client.getCurrentWindow().getEnclosedPage();
            if (!(page instanceof HtmlPage html) || !ProviderPages.isFormPost(html.getWebResponse().getContentAsString())) {
                return page;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the provider's form_post page did not submit itself within "
                        + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the login", e);
            }
        }
    }

    private static boolean isLoginPage(Page page) {
        return page instanceof HtmlPage html && html.getElementById("login") != null;
    }

    private static HtmlInput input(HtmlPage page, String name) {
        DomElement element = page.querySelector("form#login [name='" + name + "']");
        if (!(element instanceof HtmlInput input)) {
            throw new AssertionError("the provider's login form has no input " + name);
        }
        return input;
    }
}
