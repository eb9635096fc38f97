package dev.oidchybrid.dropin;

import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A headless browser (HtmlUnit with JavaScript, so the provider's form_post page submits itself) that can sign in
 * at the development provider's login form.
 */
final class Browser implements AutoCloseable {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    private final WebClient client = new WebClient(BrowserVersion.CHROME);

    Browser() {
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setTimeout((int) SETTLE_TIMEOUT.toMillis());
    }

    /** Opens {@code url} as a user typing it; returns the page the browser settles on. */
    Page open(String url) throws IOException {
        client.getPage(url);
        return settle();
    }

    /** Whether the page shown is the provider's login form. */
    boolean onLoginPage() {
        return current() instanceof HtmlPage page && page.getElementById("login") != null;
    }

    /** Signs in on the provider's login form shown now; returns the page the browser settles on. */
    Page logIn(String username, String password) throws IOException {
        if (!onLoginPage()) {
            throw new AssertionError("not on the provider's login page: " + current().getUrl() + "\n"
                    + current().getWebResponse().getContentAsString());
        }
        HtmlPage page = (HtmlPage) current();
        ((HtmlInput) page.querySelector("form#login [name='username']")).setValue(username);
        ((HtmlInput) page.querySelector("form#login [name='password']")).setValue(password);
        page.<org.htmlunit.html.HtmlElement>querySelector("form#login [name='action'][value='login']").click();
        return settle();
    }

    Page current() {
        return client.getCurrentWindow().getEnclosedPage();
    }

    @Override
    public void close() {
        client.close();
    }

    /** Waits while the page shown is a self-submitting form_post page. */
    private Page settle() {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (true) {
            client.waitForBackgroundJavaScript(50);
            Page page = current();
            boolean formPost = page instanceof HtmlPage html && html.getBody() != null
                    && html.getBody().getAttribute("onload").contains("submit()");
            if (!formPost) {
                return page;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the form_post page did not submit itself: " + page.getUrl());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
