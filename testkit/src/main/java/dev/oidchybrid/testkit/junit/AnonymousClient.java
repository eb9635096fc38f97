package dev.oidchybrid.testkit.junit;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A browser nobody has logged in with, for what the application answers before a login: made by
 * {@link OidcTestKit#anonymous()}. The filter decides between a redirect to the provider and a 401 on the
 * request's headers, as a browser sends them:
 *
 * <ul>
 *   <li>{@link #navigate} is a page navigation ({@code Accept: text/html,...}, {@code Sec-Fetch-Mode: navigate},
 *       {@code Sec-Fetch-Dest: document}): a protected page answers 302 to the provider's authorization endpoint;</li>
 *   <li>{@link #fetch} is a script's {@code fetch()} ({@code Accept: *}{@code /*}, {@code Sec-Fetch-Mode: cors},
 *       {@code Sec-Fetch-Dest: empty}): a protected page answers 401 with {@code WWW-Authenticate};</li>
 *   <li>{@link #get} sends only the headers given, like a bare HTTP client. Without an {@code Accept} header the
 *       filter takes it for a navigation (302); curl's {@code Accept: *}{@code /*} for a script (401).</li>
 * </ul>
 *
 * <pre>{@code
 * HttpResponse<String> page = oidc.anonymous().navigate(app + "/admin");
 * assertEquals(302, page.statusCode());
 * assertTrue(page.headers().firstValue("Location").orElseThrow().startsWith(oidc.issuer() + "/authorize"));
 * assertEquals(401, oidc.anonymous().fetch(app + "/api/orders").statusCode());
 * }</pre>
 *
 * <p>Redirects are never followed; cookies the application sets (a login-state cookie) are kept and sent back.
 * Relative URLs resolve against {@link OidcTestKit#loginUrl(String)} when the kit has one. Timeouts: 5 s to
 * connect, 30 s per request.
 */
public final class AnonymousClient {

    private final URI base;
    private final BrowserRequests browser = new BrowserRequests();

    AnonymousClient(URI base) {
        this.base = base;
    }

    /**
     * A GET like a browser's page navigation.
     *
     * @param url     absolute, or relative to the kit's {@link OidcTestKit#loginUrl(String) login URL}
     * @param headers name, value, name, value, ...: replace the default headers of the same name
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> navigate(String url, String... headers) {
        return browser.send(browser.request(resolve(url), BrowserRequests.NAVIGATION, headers).GET().build());
    }

    /**
     * A GET like a script's {@code fetch()} of its own origin.
     *
     * @param url     absolute, or relative to the kit's {@link OidcTestKit#loginUrl(String) login URL}
     * @param headers name, value, name, value, ...: replace the default headers of the same name
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> fetch(String url, String... headers) {
        return browser.send(browser.request(resolve(url), BrowserRequests.FETCH, headers).GET().build());
    }

    /**
     * A GET with only {@code headers} (and what the JDK client always sends: {@code Host}, {@code User-Agent}, ...).
     *
     * @param url     absolute, or relative to the kit's {@link OidcTestKit#loginUrl(String) login URL}
     * @param headers name, value, name, value, ...
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> get(String url, String... headers) {
        return browser.send(browser.request(resolve(url), new String[0], headers).GET().build());
    }

    /**
     * Any request, with this client's cookies; its URI must be absolute ({@link #resolve(String)} helps).
     *
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> send(HttpRequest request) {
        return browser.send(request);
    }

    /**
     * {@code url} as an absolute URI.
     *
     * @throws IllegalArgumentException when {@code url} is relative and the kit has no login URL
     */
    public URI resolve(String url) {
        URI uri = URI.create(url);
        if (uri.isAbsolute()) {
            return uri;
        }
        if (base == null) {
            throw new IllegalArgumentException("a relative URL needs the kit's login URL (oidc.loginUrl(..)): " + url);
        }
        return base.resolve(uri);
    }

    /** The cookies this client holds, e.g. the filter's login-state cookie after a navigation. */
    public List<HttpCookie> cookies() {
        return browser.cookies().getCookieStore().getCookies();
    }

    /** The underlying JDK client, with this client's cookie jar. */
    public HttpClient httpClient() {
        return browser.http();
    }
}
