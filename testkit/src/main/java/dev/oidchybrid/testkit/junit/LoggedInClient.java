package dev.oidchybrid.testkit.junit;

import dev.oidchybrid.testkit.DemoUser;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An HTTP client (the JDK's {@link HttpClient} with a cookie jar) holding the session of a user who logged in to
 * the application the way a browser does: the protected page redirected to the provider, the user signed in on
 * its login page, and the provider's form_post answer went to the application's callback, which set the session
 * cookie and sent the browser back to the page. Made by {@link OidcTestKit#loggedIn}.
 *
 * <pre>{@code
 * LoggedInClient client = oidc.loggedIn(oidc.user("carol").roles("nurse"), app + "/ward");
 * assertEquals(200, client.landingPage().statusCode());   // the page the login returned to
 * assertEquals(403, client.get("/admin").statusCode());    // more requests with the same session
 * }</pre>
 *
 * <p>Requests look like a browser's page navigation ({@code Accept: text/html...}, {@code Sec-Fetch-Mode:
 * navigate}) unless the test gives other headers; {@link #fetch} looks like a script's {@code fetch()}. Redirects are never followed, so a test sees every 302. Relative
 * URLs are resolved against the URL the login started from ({@code "/admin"} from the host root, {@code "admin"}
 * next to it). Timeouts: 5 s to connect, 30 s per request.
 */
public final class LoggedInClient {

    private static final int EXCERPT = 500;

    private final URI startUrl;
    private final BrowserRequests browser = new BrowserRequests();
    private HttpResponse<String> landingPage;

    private LoggedInClient(URI startUrl) {
        this.startUrl = startUrl;
    }

    /**
     * Logs {@code user} in to the application, starting from the protected {@code startUrl}.
     *
     * @param issuer   the provider's issuer: the redirect must go to its authorization endpoint
     * @param user     a user the provider knows
     * @param startUrl a URL of the application behind the filter
     * @return the logged-in client
     * @throws AssertionError when a step does not answer as a login through this provider does
     */
    static LoggedInClient logIn(String issuer, DemoUser user, URI startUrl) {
        LoggedInClient client = new LoggedInClient(startUrl);
        HttpResponse<String> start = client.get(startUrl.toString());
        String authorize = start.headers().firstValue("Location").orElse(null);
        if (!isRedirect(start) || authorize == null || !authorize.startsWith(issuer + "/authorize")) {
            throw new AssertionError("GET " + startUrl + " answered " + start.statusCode()
                    + (authorize == null ? "" : " to " + authorize) + " instead of a redirect to the provider's "
                    + "authorization endpoint " + issuer + "/authorize: is the URL behind the filter, and was the "
                    + "application started after the test kit set oidc.issuer=" + issuer + "?");
        }
        URI authorizeUrl = URI.create(authorize);
        HttpResponse<String> loginPage = client.get(authorize);
        if (loginPage.statusCode() != 200 || !ProviderPages.isLoginPage(loginPage.body())) {
            throw new AssertionError("the provider answered the application's authorization request with "
                    + loginPage.statusCode() + " instead of its login page: " + ProviderPages.message(loginPage.body()));
        }
        Map<String, String> fields = ProviderPages.hiddenFields(loginPage.body());
        fields.put("username", user.username());
        fields.put("password", user.password());
        fields.put("action", "login");
        HttpResponse<String> answer = client.post(
                authorizeUrl.resolve(ProviderPages.formAction(loginPage.body())).toString(), fields);
        HttpResponse<String> callback;
        URI callbackUrl;
        if (ProviderPages.isFormPost(answer.body())) {
            callbackUrl = URI.create(Objects.requireNonNull(ProviderPages.formAction(answer.body()), "form action"));
            callback = client.post(callbackUrl.toString(), ProviderPages.hiddenFields(answer.body()));
        } else if (isRedirect(answer)) {
            callbackUrl = authorizeUrl.resolve(answer.headers().firstValue("Location").orElseThrow());
            callback = client.get(callbackUrl.toString());
        } else {
            throw new AssertionError("the provider did not accept the login of " + user.username() + " (HTTP "
                    + answer.statusCode() + "): " + ProviderPages.message(answer.body()));
        }
        if (!isRedirect(callback)) {
            throw new AssertionError("the application answered the login's callback " + callbackUrl.getPath()
                    + " with " + callback.statusCode() + " instead of a redirect back to the page: "
                    + excerpt(callback.body()));
        }
        client.landingPage = client.get(callbackUrl.resolve(callback.headers().firstValue("Location").orElseThrow())
                .toString());
        return client;
    }

    /**
     * The answer to the request the login ended with: the page the application sent the browser back to
     * (normally the URL the login started from).
     */
    public HttpResponse<String> landingPage() {
        return landingPage;
    }

    /**
     * A GET with this user's session.
     *
     * @param url     absolute, or relative to the URL the login started from
     * @param headers name, value, name, value, ...: replace the default headers of the same name
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> get(String url, String... headers) {
        return send(request(url, headers).GET().build());
    }

    /**
     * A GET like a script's {@code fetch()} of its own origin ({@code Accept: *}{@code /*}, {@code Sec-Fetch-Mode:
     * cors}, {@code Sec-Fetch-Dest: empty}) with this user's session: what single-page code sends.
     *
     * @param url     absolute, or relative to the URL the login started from
     * @param headers name, value, name, value, ...: replace the default headers of the same name
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> fetch(String url, String... headers) {
        return send(browser.request(resolve(url), BrowserRequests.FETCH, headers).GET().build());
    }

    /**
     * A POST of an HTML form ({@code application/x-www-form-urlencoded}) with this user's session.
     *
     * @param url     absolute, or relative to the URL the login started from
     * @param form    field names and values, in the order to send
     * @param headers name, value, name, value, ...: replace the default headers of the same name
     * @return the answer (redirects not followed)
     */
    public HttpResponse<String> post(String url, Map<String, String> form, String... headers) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = request(url)
                .setHeader("Content-Type", "application/x-www-form-urlencoded");
        BrowserRequests.setHeaders(request, headers);
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /**
     * Any request (another method, a JSON body, ...) with this user's session; the answer's body as text.
     *
     * @param request the request; its URI must be absolute ({@link #resolve(String)} helps)
     * @return the answer (redirects not followed)
     * @throws UncheckedIOException  when the request fails
     * @throws IllegalStateException when the thread is interrupted (its interrupt flag stays set)
     */
    public HttpResponse<String> send(HttpRequest request) {
        return browser.send(request);
    }

    /** {@code url} resolved against the URL the login started from. */
    public URI resolve(String url) {
        return startUrl.resolve(url);
    }

    /** The cookies this client holds: the application's session cookie(s), the provider's SSO cookie, ... */
    public List<HttpCookie> cookies() {
        return browser.cookies().getCookieStore().getCookies();
    }

    /** The underlying JDK client, with this client's cookie jar, for anything the helpers do not cover. */
    public HttpClient httpClient() {
        return browser.http();
    }

    private HttpRequest.Builder request(String url, String... headers) {
        return browser.request(resolve(url), BrowserRequests.NAVIGATION, headers);
    }

    private static boolean isRedirect(HttpResponse<?> response) {
        return BrowserRequests.isRedirect(response);
    }

    private static String excerpt(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
