package dev.oidchybrid.interop;

import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HtmlUnit for the session tests against node oidc-provider: like the test kit's {@code HtmlUnitBrowser} on a
 * {@link TestWebClients} client (JavaScript on, only the test certificate trusted, the provider's login and consent
 * pages, see {@link NodeProviderPages}), and besides it records every
 * exchange with its status and {@code Location} (so a test can check the redirects a navigation went
 * through), confirms oidc-provider's logout page, probes a URL as a page navigation without following its
 * redirect, and hands out a cookie of the browser (to send requests of its session from other clients).
 */
final class SessionBrowser implements AutoCloseable {


    /** One request the browser made and what came back. */
    record Exchange(String method, String url, Map<String, String> params, int status, String location) {

        /** The query parameters of {@link #location()}. */
        Map<String, String> locationQuery() {
            return query(location);
        }
    }

    private final WebClient client;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    SessionBrowser() {
        client = TestWebClients.create();
        new WebConnectionWrapper(client) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                WebResponse response = super.getResponse(request);
                Map<String, String> params = new LinkedHashMap<>();
                for (NameValuePair pair : request.getParameters()) {
                    params.putIfAbsent(pair.getName(), pair.getValue());
                }
                exchanges.add(new Exchange(request.getHttpMethod().name(), request.getUrl().toString(), params,
                        response.getStatusCode(), response.getResponseHeaderValue("Location")));
                return response;
            }
        };
    }

    /** Navigates to {@code url}, following redirects, and returns the page shown. */
    Page open(String url) throws IOException {
        client.getPage(url);
        client.waitForBackgroundJavaScript(100);
        return current();
    }

    /** Navigates to {@code url} and waits (running the provider's self-submitting pages) until on {@code baseUrl}. */
    Page openAndSettleOn(String url, String baseUrl) throws IOException {
        open(url);
        return TestWebClients.settleOn(client, baseUrl, () -> "\nexchanges:" + describe());
    }

    /**
     * A top-level navigation GET of {@code url} with this browser's cookies, its redirect not followed and the
     * page shown left as it is.
     */
    WebResponse probe(String url) throws IOException {
        WebRequest request = new WebRequest(new URL(url), HttpMethod.GET);
        request.setAdditionalHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.setAdditionalHeader("Sec-Fetch-Mode", "navigate");
        request.setAdditionalHeader("Sec-Fetch-Dest", "document");
        client.getOptions().setRedirectEnabled(false);
        try {
            return client.loadWebResponse(request);
        } finally {
            client.getOptions().setRedirectEnabled(true);
        }
    }

    Page current() {
        return client.getCurrentWindow().getEnclosedPage();
    }

    /** The value of this browser's cookie {@code name} for {@code url}'s host. */
    String cookie(String url, String name) {
        URL target;
        try {
            target = new URL(url);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(url, e);
        }
        for (Cookie cookie : client.getCookies(target)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        throw new AssertionError("no cookie " + name + " for " + url + "; cookies: "
                + client.getCookies(target).stream().map(Cookie::getName).toList());
    }

    /** Every exchange so far whose URL starts with {@code prefix}, oldest first. */
    List<Exchange> exchangesTo(String prefix) {
        return exchanges.stream().filter(e -> e.url().startsWith(prefix)).toList();
    }

    /** The only exchange so far whose URL starts with {@code prefix}. */
    Exchange onlyExchangeTo(String prefix) {
        List<Exchange> found = exchangesTo(prefix);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " exchanges with " + prefix + "; all: " + describe());
        }
        return found.get(0);
    }

    /** Forgets the exchanges recorded so far. */
    void clearExchanges() {
        exchanges.clear();
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        for (Exchange e : exchanges) {
            text.append("\n  ").append(e.method()).append(' ').append(stripQuery(e.url())).append(" -> ")
                    .append(e.status()).append(e.location() == null ? "" : " " + stripQuery(e.location()));
        }
        return text.toString();
    }

    /** Whether the page shown is oidc-provider's login form. */
    boolean onNodeLoginPage() {
        return NodeProviderPages.onLoginPage(current());
    }

    /** Whether the page shown is oidc-provider's logout confirmation ("Do you want to sign-out from ...?"). */
    boolean onNodeLogoutPage() {
        return current() instanceof HtmlPage page && page.getElementById("op.logoutForm") != null
                && page.querySelector("button[name='logout'][value='yes']") != null;
    }

    /**
     * Fills in oidc-provider's login form, submits it, confirms consent if it is asked for, and waits until the
     * browser has left the provider (the form_post page submitted itself to {@code appBaseUrl}).
     */
    Page logInAtNodeProvider(String login, String password, String appBaseUrl) throws IOException {
        return NodeProviderPages.logIn(client, login, password, appBaseUrl, () -> "\nexchanges:" + describe());
    }

    /** Presses "Yes, sign me out" on oidc-provider's logout page and waits until the browser is on {@code baseUrl}. */
    Page confirmLogoutAtNodeProvider(String baseUrl) throws IOException {
        if (!onNodeLogoutPage()) {
            throw new AssertionError("expected oidc-provider's logout confirmation, got " + current().getUrl() + ":\n"
                    + current().getWebResponse().getContentAsString());
        }
        HtmlPage page = (HtmlPage) current();
        TestWebClients.click(page.querySelector("button[name='logout'][value='yes']"), page);
        return TestWebClients.settleOn(client, baseUrl, () -> "\nexchanges:" + describe());
    }

    @Override
    public void close() {
        client.close();
    }

    /** The query parameters of a URL (decoded, first value of each). */
    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = url == null ? null : URI.create(url).getRawQuery();
        if (query == null) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String stripQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }




}
