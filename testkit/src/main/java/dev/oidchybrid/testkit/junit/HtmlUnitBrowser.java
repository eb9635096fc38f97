package dev.oidchybrid.testkit.junit;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

/**
 * A headless browser (HtmlUnit) for tests that drive the development provider's login themselves: a wrong password,
 * a cancelled login, a login started on one node and finished on another, the request after a logout. It knows the
 * provider's pages: the login page ({@code <form id="login">} with {@code username}, {@code password} and the
 * buttons {@code action=login} and {@code action=cancel}) and the form_post page, which submits itself by script to
 * the application's callback. Every method that shows a page returns the page the browser <em>settles</em> on:
 * once the form_post page has submitted itself and no script is pending.
 *
 * <pre>{@code
 * try (HtmlUnitBrowser browser = new HtmlUnitBrowser()) {
 *     browser.open(app + "/whoami");                       // redirected to the provider's login page
 *     assertTrue(browser.onLoginPage());
 *     Page page = browser.logIn("alice", "alice-password"); // back on /whoami after the form_post callback
 *     assertEquals(200, page.getWebResponse().getStatusCode());
 *     assertEquals(200, browser.fetch(app + "/api/me").getStatusCode()); // a script's request, same session
 * }
 * }</pre>
 *
 * <p>The {@link WebClient} is Chrome-like with JavaScript on (the form_post page needs it), CSS off, redirects
 * followed, failing HTTP statuses returned as pages rather than thrown, and the settle timeout as its connection and
 * read timeout; {@link #webClient()} gives it for other options and anything the helpers do not cover. For a user
 * who only has to be logged in, {@link OidcTestKit#webClient} is shorter. Not thread-safe; close it after the test.
 *
 * <p>Needs HtmlUnit 4 on the test class path (an optional dependency of this artifact).
 */
public final class HtmlUnitBrowser implements AutoCloseable {

    /** How long {@link #HtmlUnitBrowser()} waits for a page to settle, and for a server to answer. */
    public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final Duration settleTimeout;

    /** A browser that waits up to {@link #DEFAULT_SETTLE_TIMEOUT} for a page to settle. */
    public HtmlUnitBrowser() {
        this(DEFAULT_SETTLE_TIMEOUT);
    }

    /**
     * A browser that waits up to {@code settleTimeout} for a page to settle, and as long for a server to answer
     * (longer for slow servers: application servers started for the test, several JVMs behind a balancer).
     *
     * @param settleTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
     */
    public HtmlUnitBrowser(Duration settleTimeout) {
        this(newClient(requireTimeout(settleTimeout)), settleTimeout);
    }

    /**
     * A browser that drives {@code client} as it is configured (its trust store, script error handling, timeouts;
     * JavaScript must be on for the form_post page), waiting up to {@code settleTimeout} for a page to settle.
     *
     * @param settleTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
     */
    public HtmlUnitBrowser(WebClient client, Duration settleTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.settleTimeout = requireTimeout(settleTimeout);
    }

    /**
     * Navigates to {@code url} as a user typing it, following redirects.
     *
     * @return the page the browser settles on
     * @throws IOException    when a request fails
     * @throws AssertionError when a form_post page does not submit itself within the settle timeout
     */
    public Page open(String url) throws IOException {
        client.getPage(url);
        return settle();
    }

    /** The page shown now. */
    public Page current() {
        return client.getCurrentWindow().getEnclosedPage();
    }

    /** Whether the page shown now is the provider's login page. */
    public boolean onLoginPage() {
        return current() instanceof HtmlPage page && page.getElementById("login") != null;
    }

    /**
     * Fills in the provider's login page shown now and signs in.
     *
     * @return the page the browser settles on: the application's answer to the form_post callback, and the page it
     *         redirects to, when the provider accepted the login; the login page with its message when it did not
     * @throws IOException    when a request fails
     * @throws AssertionError when the page shown is not the provider's login page (saying which page it is), or a
     *                        form_post page does not submit itself within the settle timeout
     */
    public Page logIn(String username, String password) throws IOException {
        HtmlPage page = loginPage();
        input(page, "username").setValue(username);
        input(page, "password").setValue(password);
        button(page, "login").click();
        return settle();
    }

    /**
     * Presses "Cancel" on the provider's login page shown now: the provider answers the application with
     * {@code error=access_denied}.
     *
     * @return the page the browser settles on: the application's answer to that callback
     * @throws IOException    when a request fails
     * @throws AssertionError when the page shown is not the provider's login page, or a form_post page does not
     *                        submit itself within the settle timeout
     */
    public Page cancelLogin() throws IOException {
        button(loginPage(), "cancel").click();
        return settle();
    }

    /**
     * A GET like a page navigation ({@code Accept: text/html...}, {@code Sec-Fetch-Mode: navigate},
     * {@code Sec-Fetch-Dest: document}) with this browser's cookies. Redirects are not followed, so a test sees
     * the 302 to the provider; the page shown does not change.
     */
    public WebResponse navigate(String url) throws IOException {
        return load(url, BrowserRequests.HTML_ACCEPT, "navigate", "document");
    }

    /**
     * A GET like a script's {@code fetch()} ({@code Accept: application/json}, {@code Sec-Fetch-Mode: cors},
     * {@code Sec-Fetch-Dest: empty}) with this browser's cookies. Redirects are not followed; the page shown does
     * not change.
     */
    public WebResponse fetch(String url) throws IOException {
        return load(url, "application/json", "cors", "empty");
    }

    /** The underlying HtmlUnit client: its options, cookies, windows, ... */
    public WebClient webClient() {
        return client;
    }

    /** How long this browser waits for a page to settle. */
    public Duration settleTimeout() {
        return settleTimeout;
    }

    /** Closes the client and its windows. */
    @Override
    public void close() {
        client.close();
    }

    private WebResponse load(String url, String accept, String fetchMode, String fetchDest) throws IOException {
        WebRequest request = new WebRequest(new URL(url), HttpMethod.GET);
        request.setAdditionalHeader("Accept", accept);
        request.setAdditionalHeader("Sec-Fetch-Mode", fetchMode);
        request.setAdditionalHeader("Sec-Fetch-Dest", fetchDest);
        boolean redirects = client.getOptions().isRedirectEnabled();
        client.getOptions().setRedirectEnabled(false);
        try {
            return client.loadWebResponse(request);
        } finally {
            client.getOptions().setRedirectEnabled(redirects);
        }
    }

    /** Waits until the page shown is no longer the provider's form_post page and no script is pending. */
    private Page settle() {
        Instant deadline = Instant.now().plus(settleTimeout);
        while (true) {
            client.waitForBackgroundJavaScript(50);
            Page page = current();
            if (!(page instanceof HtmlPage html) || !ProviderPages.isFormPost(html.getWebResponse().getContentAsString())) {
                return page;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the provider's form_post page did not submit itself within "
                        + settleTimeout.toMillis() + " ms: " + page.getUrl() + " (is JavaScript on?)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + page.getUrl(), e);
            }
        }
    }

    private HtmlPage loginPage() {
        if (!onLoginPage()) {
            Page page = current();
            throw new AssertionError("expected the provider's login page, got " + page.getUrl() + " (HTTP "
                    + page.getWebResponse().getStatusCode() + "):\n" + page.getWebResponse().getContentAsString());
        }
        return (HtmlPage) current();
    }

    private static HtmlInput input(HtmlPage page, String name) {
        DomElement element = page.querySelector("form#login [name='" + name + "']");
        if (!(element instanceof HtmlInput input)) {
            throw new AssertionError("the provider's login form has no input " + name);
        }
        return input;
    }

    private static HtmlElement button(HtmlPage page, String action) {
        DomElement element = page.querySelector("form#login [name='action'][value='" + action + "']");
        if (!(element instanceof HtmlElement button)) {
            throw new AssertionError("the provider's login form has no button action=" + action);
        }
        return button;
    }

    private static WebClient newClient(Duration timeout) {
        WebClient client = new WebClient(BrowserVersion.CHROME);
        client.getOptions().setJavaScriptEnabled(true);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        client.getOptions().setTimeout((int) timeout.toMillis());
        return client;
    }

    private static Duration requireTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "settleTimeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("settle timeout must be positive and at most "
                    + Integer.MAX_VALUE + " ms: " + timeout);
        }
        return timeout;
    }
}
