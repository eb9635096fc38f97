package dev.oidchybrid.interop;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * node oidc-provider's development login page (devInteractions: a form with {@code login} and {@code password},
 * posted to {@code /interaction/<uid>}), as every interop browser drives it.
 */
final class NodeProviderPages {

    private NodeProviderPages() {
    }

    /** Whether {@code page} is oidc-provider's login form. */
    static boolean onLoginPage(Page page) {
        return page instanceof HtmlPage html && html.querySelector("form input[name='login']") != null;
    }

    /**
     * Fills in oidc-provider's login form that {@code client} shows, submits it, confirms consent if it is asked
     * for, and waits until the browser has left the provider (the form_post page submitted itself to
     * {@code appBaseUrl}).
     *
     * @param diagnostics more context for a failure message
     */
    static Page logIn(WebClient client, String login, String password, String appBaseUrl,
                      Supplier<String> diagnostics) throws IOException {
        Page current = client.getCurrentWindow().getEnclosedPage();
        if (!onLoginPage(current)) {
            throw new AssertionError("expected oidc-provider's login page, got " + current.getUrl() + ":\n"
                    + current.getWebResponse().getContentAsString());
        }
        HtmlPage page = (HtmlPage) current;
        ((HtmlInput) page.querySelector("form input[name='login']")).setValue(login);
        ((HtmlInput) page.querySelector("form input[name='password']")).setValue(password);
        TestWebClients.click(page.querySelector("form button[type='submit']"), page);
        return TestWebClients.settleOn(client, appBaseUrl, diagnostics);
    }
}
