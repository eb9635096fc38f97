package dev.oidchybrid.cluster;

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

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * A headless browser (HtmlUnit, JavaScript on so that the provider's form_post page submits itself, CSS off)
 * that knows the development provider's login page ({@code <form id="login">} with {@code username},
 * {@code password} and a button {@code action=login}), as in it-tests.
 */
final class Browser implements AutoCloseable {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);

    private final WebClient client;

    Browser() {
        client = new WebClient(BrowserVersion.CHROME);
        client.getOptions().setJavaScriptEnabled(true);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setThrowExceptionOnScriptError(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        client.getOptions().setTimeout((int) SETTLE_TIMEOUT.toMillis());
    }

    /** Navigates to {@code url} (as a user typing it), following redirects; the page the browser settles on. */
    Page open(String url) throws IOException {
        client.getPage(url);
        return settle();
    }

    /** The page shown now. */
    Page current() {
        return client.getCurrentWindow().getEnclosedPage();
    }

    /** Whether the page shown now is the provider's login form. */
    boolean onLoginPage() {
        return current() instanceof HtmlPage page && page.getElementById("login") != null;
    }

    /**
     * Fills in the provider's login form shown now, submits it, and returns the page the browser settles on
     * (after the form_post page has submitted itself, when the login succeeded).
     */
    Page logIn(String username, String password) throws IOException {
        HtmlPage page = loginPage();
        input(page, "username").setValue(username);
        input(page, "password").setValue(password);
        button(page, "login").click();
        return settle();
    }

    /**
     * A page navigation ({@code Accept: text/html}, {@code Sec-Fetch-Mode: navigate}) with this browser's
     * cookies, redirects not followed.
     */
    WebResponse navigate(String url) throws IOException {
        return load(url, "text/html,application/xhtml+xml,*/*;q=0.8", "navigate", "document");
    }

    /**
     * A request like a script's {@code fetch()}, with this browser's cookies: {@code Accept: application/json},
     * {@code Sec-Fetch-Mode: cors}, no redirect followed.
     */
    WebResponse fetch(String url) throws IOException {
        return load(url, "application/json", "cors", "empty");
    }

    /** The {@code Cookie} header this browser would send to {@code url}. */
    String cookieHeader(String url) throws IOException {
        return client.getCookies(new URL(url)).stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

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

    /**
     * Waits until the page shown is no longer a self-submitting form_post page (its body's {@code onload}
     * submits a form) and no script is pending.
     */
    private Page settle() {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (true) {
            client.waitForBackgroundJavaScript(50);
            Page page = current();
            if (!selfSubmitting(page)) {
                return page;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the form_post page did not submit itself within " + SETTLE_TIMEOUT
                        + ": " + page.getUrl());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static boolean selfSubmitting(Page page) {
        if (!(page instanceof HtmlPage html) || html.getBody() == null) {
            return false;
        }
        return html.getBody().getAttribute("onload").contains("submit()");
    }

    private HtmlPage loginPage() {
        if (!onLoginPage()) {
            Page page = current();
            throw new AssertionError("expected the provider's login page, got " + page.getUrl() + " ("
                    + page.getWebResponse().getStatusCode() + "):\n" + page.getWebResponse().getContentAsString());
        }
        return (HtmlPage) current();
    }

    private static HtmlInput input(HtmlPage page, String name) {
        DomElement element = page.querySelector("form#login [name='" + name + "']");
        if (!(element instanceof HtmlInput input)) {
            throw new AssertionError("the login form has no input " + name);
        }
        return input;
    }

    private static HtmlElement button(HtmlPage page, String action) {
        DomElement element = page.querySelector("form#login [name='action'][value='" + action + "']");
        if (!(element instanceof HtmlElement button)) {
            throw new AssertionError("the login form has no button action=" + action);
        }
        return button;
    }
}
