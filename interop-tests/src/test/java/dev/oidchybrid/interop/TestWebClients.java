package dev.oidchybrid.interop;

import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;

import java.net.MalformedURLException;
import java.time.Duration;

/**
 * The HtmlUnit set-up every interop browser uses: JavaScript on (the providers' form_post pages submit
 * themselves), CSS off, failing statuses returned rather than thrown, redirects followed, and only the test
 * certificate trusted.
 */
final class TestWebClients {

    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    private TestWebClients() {
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
}
