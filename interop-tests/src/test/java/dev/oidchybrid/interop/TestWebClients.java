package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.junit.HtmlUnitBrowser;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The HtmlUnit set-up every interop browser uses: JavaScript on (the providers' form_post pages submit
 * themselves), CSS off, failing statuses returned rather than thrown, redirects followed, and only the test
 * certificate trusted.
 */
final class TestWebClients {

    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    private TestWebClients() {
    }

    /** The test kit's browser on a {@link #create()} client, waiting up to {@link #SETTLE_TIMEOUT}. */
    static HtmlUnitBrowser browser() {
        return new HtmlUnitBrowser(create(), SETTLE_TIMEOUT);
    }

    static WebClient create() {
        WebClient client = new WebClient(BrowserVersion.CHROME);
        client.getOptions().setJavaScriptEnabled(true);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setThrowExceptionOnScriptError(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        client.getOptions().setTimeout((int) SETTLE_TIMEOUT.toMillis());
        try {
            client.getOptions().setSSLTrustStore(TestTls.get().trustStore().toUri().toURL(), TestTls.PASSWORD, "PKCS12");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    /**
     * Waits until the page {@code client} shows is on {@code baseUrl} (the providers' form_post pages submit
     * themselves), pressing "Continue" on a consent page on the way.
     *
     * @param diagnostics more context for the failure message
     */
    static Page settleOn(WebClient client, String baseUrl, Supplier<String> diagnostics) throws IOException {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (true) {
            client.waitForBackgroundJavaScript(50);
            Page page = client.getCurrentWindow().getEnclosedPage();
            if (page.getUrl().toString().startsWith(baseUrl)) {
                return page;
            }
            if (page instanceof HtmlPage html && html.querySelector("form input[name='prompt'][value='consent']") != null) {
                click(html.querySelector("form button[type='submit']"), html);
                continue;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the browser did not reach " + baseUrl + " within " + SETTLE_TIMEOUT
                        + "; it shows " + page.getUrl() + ":\n" + page.getWebResponse().getContentAsString()
                        + diagnostics.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Clicks {@code button}, which must be an element of {@code page}. */
    static void click(DomElement button, HtmlPage page) throws IOException {
        if (!(button instanceof HtmlElement element)) {
            throw new AssertionError("no such button on " + page.getUrl());
        }
        element.click();
    }
}
