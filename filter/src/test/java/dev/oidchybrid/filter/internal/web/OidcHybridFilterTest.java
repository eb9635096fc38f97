package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter's servlet glue, end to end over HTTP against the development provider: the login for every
 * response type, what downstream code sees, 401 for non-navigations, and callback failures.
 */
class OidcHybridFilterTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private FilterHarness app;

    @AfterEach
    void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private FilterHarness start(Map<String, String> extra) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("exclude-paths", "/public/*",
                "roles-claim", DevProvider.ROLES_CLAIM));
        params.putAll(extra);
        app = new FilterHarness(params, provider.environment());
        return app;
    }

    private static Map<String, String> lines(String body) {
        Map<String, String> map = new HashMap<>();
        body.lines().forEach(l -> map.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return map;
    }

    @Test
    void allowedDestinationsWhenTheAppAsksThenTheApiOriginsTheProvidersUserinfoAndTheAppItself() throws Exception {
        start(Map.of("api-origins", "https://api.example.com"));
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));

        String destinations = lines(browser.navigate(app.url("/x?destinations")).body()).get("destinations");

        java.net.URI appUrl = java.net.URI.create(app.url("/"));
        assertEquals("[https://api.example.com, " + dev.oidchybrid.filter.internal.config.Origins.of(
                provider.issuer()) + ", http://127.0.0.1:" + appUrl.getPort() + "]", destinations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"code", "code id_token", "code token", "code id_token token"})
    void loginWhenEachResponseTypeThenOriginalUrlRestoredWithPrincipalRolesAndTokens(String responseType)
            throws Exception {
        start(Map.of("response-type", responseType));
        int tokenCallsBefore = provider.counters().token();
        Browser browser = new Browser();
        HttpResponse<String> toProvider = browser.navigate(app.url("/orders/7?tab=items&q=a%20b"));
        assertEquals(302, toProvider.statusCode());
        String authorize = Browser.location(toProvider);
        assertTrue(authorize.startsWith(provider.issuer()), authorize);
        assertTrue(authorize.contains("response_type=" + responseType.replace(" ", "%20")), authorize);

        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(toProvider, "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app/orders/7?tab=items&q=a%20b", Browser.location(callback));

        Map<String, String> seen = lines(browser.navigate(app.url("/orders/7?tab=items&q=a%20b")).body());
        assertEquals("/app/orders/7?tab=items&q=a%20b", seen.get("path"));
        assertEquals("alice-0001", seen.get("user"));
        assertEquals("alice-0001", seen.get("remote"));
        assertEquals("OIDC", seen.get("authType"));
        assertEquals("true", seen.get("admin"));
        assertEquals("true", seen.get("idToken"));
        assertEquals("true", seen.get("accessToken"));
        assertEquals("alice@example.com", seen.get("email"));
        assertEquals("true", seen.get("principalAttr"));
        assertEquals(1, provider.counters().token() - tokenCallsBefore, "exactly one code exchange");
    }

    @Test
    void loginWhenASessionExistedBeforeThenTheSessionIdChanges() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        browser.navigate(app.url("/public/start?createSession=1"));
        String before = sessionId(browser);
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
        String after = sessionId(browser);
        assertTrue(before != null && after != null && !before.equals(after), before + " -> " + after);
        assertEquals("alice-0001", lines(browser.navigate(app.url("/x")).body()).get("user"));
    }

    @Test
    void loginWhenAnotherUserCompletesALoginOverTheSessionThenTheApplicationsAttributesAreGone() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> forAlice = browser.navigate(app.url("/x"));
        HttpResponse<String> forBob = browser.navigate(app.url("/y")); // a second tab's login, still pending
        browser.submit(browser.signInAtProvider(forAlice, "alice", "alice-password"));
        assertEquals("alices-cart", lines(browser.navigate(app.url("/x?note=alices-cart")).body()).get("note"));
        // bob signs in at the provider elsewhere; the form_post lands in this browser, whose tab 2 waits
        Browser.FormPost bobsCallback = new Browser().signInAtProvider(forBob, "bob", "bob-password");
        assertEquals(303, browser.submit(bobsCallback).statusCode());
        Map<String, String> seen = lines(browser.navigate(app.url("/x")).body());
        assertEquals("bob-0002", seen.get("user"));
        assertEquals("null", seen.get("note"), "alice's application attributes must not reach bob");
    }

    @Test
    void navigationsWhenManyWithLongUrlsThenTheBrowserStillReachesTheAppAndLogsIn() throws Exception {
        // the review's cookie bomb: pop-ups to /x?a=<2 KB> used to leave ~15 KB of cookies, and every request of
        // that browser was then refused by the container before the filter could clean up
        start(Map.of());
        Browser browser = new Browser();
        String longQuery = "a=" + "x".repeat(2000);
        HttpResponse<String> last = null;
        for (int i = 0; i < 10; i++) {
            last = browser.navigate(app.url("/x" + i + "?" + longQuery));
            assertEquals(302, last.statusCode(), "navigation " + i + ": " + last.statusCode());
        }
        int cookieBytes = browser.cookies().stream().mapToInt(c -> c.getName().length() + 1 + c.getValue().length())
                .sum();
        assertTrue(cookieBytes <= PendingLoginCookies.MAX_TOTAL_BYTES, cookieBytes + " B of cookies");
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(last, "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app/x9", Browser.location(callback), "a long query is not kept in the cookie");
        assertEquals("alice-0001", lines(browser.navigate(app.url("/x9")).body()).get("user"));
    }

    private static String sessionId(Browser browser) {
        return browser.cookies().stream().filter(c -> c.getName().equals("JSESSIONID")).map(c -> c.getValue())
                .findFirst().orElse(null);
    }

    @Test
    void startWhenInvitationLinkThenForwardedWithTheConfiguredAudience() throws Exception {
        start(Map.of("audience", "appointments:api"));
        String authorize = Browser.location(new Browser().navigate(
                app.url("/welcome?invitation=inv_Abc123&organization=org_xyz")));
        assertTrue(authorize.contains("&audience=appointments%3Aapi"), authorize);
        assertTrue(authorize.contains("&invitation=inv_Abc123&organization=org_xyz"), authorize);
        assertTrue(authorize.contains("&code_challenge_method=S256"), authorize);
    }

    @Test
    void loginWhenTheSessionCookieIsNeverKeptThenTheLoopEndsOnAPageInsteadOfAnotherRedirect() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        int completedLogins = 0;
        HttpResponse<String> response = browser.navigate(app.url("/x"));
        while (response.statusCode() == 302 && completedLogins < 20) {
            HttpResponse<String> callback = browser.submit(browser.signInAtProvider(response, "alice", "alice-password"));
            assertEquals(303, callback.statusCode());
            completedLogins++;
            browser.forget("JSESSIONID");
            response = browser.navigate(app.url("/x"));
        }
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("login_loop"), response.body());
        assertEquals(LoginAttempts.MAX_COMPLETED, completedLogins);
    }

    @Test
    void startWhenBehindATlsProxyWithoutBaseUrlThenOneActionableWarning() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        for (int i = 0; i < 3; i++) {
            browser.get(app.url("/x"), "Accept", Browser.HTML_ACCEPT, "X-Forwarded-Proto", "https");
        }
        long warnings = LogSafety.records().stream().filter(r -> r.contains("redirect_uri is http behind a TLS proxy")
                && r.contains("set base-url")).count();
        assertEquals(1, warnings);
    }

    @Test
    void requestWhenBobThenNotAdmin() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "bob", "bob-password"));
        Map<String, String> seen = lines(browser.navigate(app.url("/x")).body());
        assertEquals("bob-0002", seen.get("user"));
        assertEquals("false", seen.get("admin"));
    }

    @Test
    void requestWhenNotANavigationAndNoSessionThen401WithoutRedirectOrCookie() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> xhr = browser.get(app.url("/api/data"), "Accept", "application/json",
                "Sec-Fetch-Mode", "cors");
        assertEquals(401, xhr.statusCode());
        assertTrue(xhr.headers().firstValue("WWW-Authenticate").isPresent());
        assertTrue(xhr.headers().firstValue("Location").isEmpty());
        assertTrue(xhr.headers().allValues("Set-Cookie").isEmpty(), "no login-state cookie for a background request");
        assertEquals(401, browser.get(app.url("/x"), "X-Requested-With", "XMLHttpRequest", "Accept", "text/html")
                .statusCode());
    }

    @Test
    void requestWhenExcludedPathThenPassesWithoutLogin() throws Exception {
        start(Map.of());
        HttpResponse<String> response = new Browser().navigate(app.url("/public/hello"));
        assertEquals(200, response.statusCode());
        assertEquals("anonymous", lines(response.body()).get("user"));
    }

    @Test
    void loginWhenTwoTabsStartBeforeEitherFinishesThenBothSucceed() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> tab1 = browser.navigate(app.url("/one"));
        HttpResponse<String> tab2 = browser.navigate(app.url("/two"));
        Browser.FormPost form1 = browser.signInAtProvider(tab1, "alice", "alice-password");
        Browser.FormPost form2 = browser.signInAtProvider(tab2, "alice", "alice-password");
        HttpResponse<String> done2 = browser.submit(form2);
        HttpResponse<String> done1 = browser.submit(form1);
        assertEquals(303, done2.statusCode(), done2.body());
        assertEquals("/app/two", Browser.location(done2));
        assertEquals(303, done1.statusCode(), done1.body());
        assertEquals("/app/one", Browser.location(done1));
    }

    @Test
    void callbackWhenReplayedThenRejectedAndNoNewSession() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        Browser.FormPost form = browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password");
        assertEquals(303, browser.submit(form).statusCode());
        Browser attacker = new Browser();
        HttpResponse<String> replay = attacker.submit(form);
        assertEquals(400, replay.statusCode());
        assertTrue(replay.body().contains("invalid_state"));
        assertEquals(302, attacker.navigate(app.url("/x")).statusCode(), "the replaying browser got no session");
    }

    @Test
    void callbackWhenDeliveredToABrowserThatNeverStartedTheLoginThenRejected() throws Exception {
        start(Map.of());
        Browser attacker = new Browser();
        Browser.FormPost attackersResponse = attacker.signInAtProvider(attacker.navigate(app.url("/x")), "bob",
                "bob-password");
        Browser victim = new Browser();
        victim.navigate(app.url("/y"));
        HttpResponse<String> csrf = victim.submit(attackersResponse);
        assertEquals(400, csrf.statusCode());
        assertEquals(302, victim.navigate(app.url("/y")).statusCode(), "the victim is not logged in as the attacker");
    }

    @Test
    void callbackWhenGetThen400AndNoSession() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> get = browser.navigate(app.url("/callback?state=abcdefghijklmnopqrstuvwxyz&code=x"));
        assertEquals(400, get.statusCode());
        assertTrue(get.body().contains("invalid_request"));
        assertFalse(get.body().contains("Exception"));
    }

    @Test
    void callbackWhenBodyHasInvalidPercentEncodingThen400() throws Exception {
        start(Map.of());
        HttpResponse<String> response = new Browser().postRaw(app.url("/callback"),
                "application/x-www-form-urlencoded", "state=%zz%&code=%G1");
        assertEquals(400, response.statusCode());
    }

    @Test
    void callbackWhenUserCancelsAtProviderThen400NamingAccessDenied() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> toProvider = browser.navigate(app.url("/x"));
        HttpResponse<String> loginPage = browser.navigate(Browser.location(toProvider));
        Map<String, String> fields = Browser.hiddenFields(loginPage.body());
        fields.put("action", "cancel");
        HttpResponse<String> formPost = browser.postForm(provider.issuer() + "/authorize", fields);
        HttpResponse<String> callback = browser.postForm(app.url("/callback"), Browser.hiddenFields(formPost.body()));
        assertEquals(400, callback.statusCode());
        assertTrue(callback.body().contains("access_denied"), callback.body());
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }

    @Test
    void loginWhenManyBackgroundNavigationsThenPendingLoginCookiesCapped() throws Exception {
        start(Map.of("max-pending-logins", "3"));
        Browser browser = new Browser();
        for (int i = 0; i < 10; i++) {
            assertEquals(302, browser.navigate(app.url("/page" + i)).statusCode());
        }
        // logins, not cookies: on loopback (a secure context) each login has a fallback copy beside it
        long pending = browser.cookies().stream().filter(c -> c.getName().contains(PendingLoginCookies.PREFIX)
                && !c.getName().endsWith(PendingLoginCookies.FALLBACK_SUFFIX) && c.getMaxAge() != 0).count();
        assertTrue(pending <= 3, "pending logins kept: " + pending);
    }

    @Test
    void loginWhenTokenEndpointFailsThen502PageAndNoSession() throws Exception {
        start(Map.of());
        provider.faults().tokenEndpointError(500, "server_error");
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(502, callback.statusCode());
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }

    @Test
    void loginWhenTokenEndpointAnswers503ThenUnavailablePageWithRetryAfterAndNoSession() throws Exception {
        start(Map.of());
        provider.faults().tokenEndpointUnavailable(true);
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(503, callback.statusCode(), "the provider says it is down: not 502 op_bad_response");
        assertTrue(callback.body().contains("op_unavailable"), callback.body());
        assertTrue(callback.body().contains("try again shortly"), callback.body());
        assertTrue(callback.headers().firstValue("Retry-After").filter(s -> s.matches("[1-9][0-9]*")).isPresent(),
                "a 503 says when to come back, in seconds");
        provider.faults().tokenEndpointUnavailable(false);
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "no session");
    }

    @Test
    void loginWhenTokenEndpointRefusesConnectionsThen503WithRetryAfter() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closed + "/token";
        provider.faults().discoveryCustomizer(doc -> doc.put("token_endpoint", down));
        start(Map.of());
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(503, callback.statusCode());
        assertTrue(callback.body().contains("op_unavailable"), callback.body());
        assertTrue(callback.headers().firstValue("Retry-After").isPresent(), "a 503 says when to come back");
    }

    @Test
    void loginWhenTokenEndpointSlowerThanReadTimeoutThen504WithinTheTimeoutAndNoSession() throws Exception {
        start(Map.of("read-timeout", "700"));
        Browser browser = new Browser();
        Browser.FormPost form = browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password");
        provider.faults().tokenEndpointDelay(java.time.Duration.ofSeconds(10));
        long started = System.nanoTime();
        HttpResponse<String> callback = browser.submit(form);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, callback.statusCode());
        assertTrue(callback.body().contains("op_timeout"));
        assertTrue(elapsedMillis < 5_000, "answered after " + elapsedMillis + " ms, long before the provider would");
        provider.faults().reset();
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }

    @Test
    void loginWhenTokenEndpointSaysInvalidGrantThen400NamingIt() throws Exception {
        start(Map.of());
        provider.faults().tokenEndpointError(400, "invalid_grant");
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(400, callback.statusCode());
        assertTrue(callback.body().contains("invalid_grant"));
    }

    @Test
    void loginWhenFrontChannelIdTokenTamperedThenRejectedBeforeCodeExchange() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        Browser.FormPost form = browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password");
        Map<String, String> fields = new HashMap<>(form.fields());
        String[] parts = fields.get("id_token").split("\\.");
        fields.put("id_token", parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse());
        int tokenCalls = provider.counters().token();
        HttpResponse<String> callback = browser.postForm(form.action(), fields);
        assertEquals(401, callback.statusCode());
        assertEquals(tokenCalls, provider.counters().token(), "the code was never exchanged");
    }

    @Test
    void startWhenProviderDiscoveryFailsThen503WithRetryAfterUntilItRecovers() throws Exception {
        provider.faults().discoveryUnavailable(true);
        start(Map.of());
        HttpResponse<String> response = new Browser().navigate(app.url("/x"));
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        provider.faults().discoveryUnavailable(false);
        Thread.sleep(1100);
        assertEquals(302, new Browser().navigate(app.url("/x")).statusCode());
    }

    @Test
    void startWhenDiscoveryIssuerDiffersThenNoRedirectToTheProvider() throws Exception {
        provider.faults().discoveryIssuerOverride("https://evil.example.com");
        start(Map.of());
        HttpResponse<String> response = new Browser().navigate(app.url("/x"));
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @Test
    void logoutWhenLoggedInThenSessionEndedAndSentToTheProvidersEndSessionAndBackWithState() throws Exception {
        start(Map.of("post-logout-path", "/public/bye"));
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode());
        HttpResponse<String> logout = browser.navigate(app.url("/logout"));
        assertEquals(302, logout.statusCode());
        String location = Browser.location(logout);
        assertTrue(location.startsWith(provider.issuer() + "/end_session?id_token_hint="), location);
        assertTrue(location.contains("&client_id=demo-client&post_logout_redirect_uri="
                + java.net.URLEncoder.encode(app.url("/logout"), java.nio.charset.StandardCharsets.UTF_8)
                + "&state="), location);
        assertEquals(302, browser.get(app.url("/x"), "Accept", Browser.HTML_ACCEPT).statusCode(),
                "the local session is gone before the provider is even asked");
        HttpResponse<String> atProvider = browser.navigate(location);
        assertEquals(302, atProvider.statusCode(), atProvider.body());
        HttpResponse<String> landing = browser.navigate(Browser.location(atProvider));
        assertEquals(302, landing.statusCode());
        assertEquals("/app/public/bye", Browser.location(landing));
    }

    private Browser signedInBrowser() {
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode());
        return browser;
    }

    private static HttpResponse<String> linkFromElsewhere(Browser browser, String url, String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of("Accept", Browser.HTML_ACCEPT, "Sec-Fetch-Mode", "navigate"));
        all.addAll(List.of(headers));
        return browser.get(url, all.toArray(String[]::new));
    }

    @Test
    void logoutWhenCrossSiteNavigationThenSignOutPageAndTheSessionStaysUntilTheButtonIsPressed() throws Exception {
        start(Map.of());
        Browser browser = signedInBrowser();
        int endSessions = provider.counters().endSession();
        for (String site : List.of("cross-site", "same-site")) {
            HttpResponse<String> page = linkFromElsewhere(browser, app.url("/logout"), "Sec-Fetch-Site", site);
            assertEquals(200, page.statusCode(), site);
            assertTrue(page.body().contains("Sign out?") && page.body().contains("method=\"post\""), page.body());
            assertTrue(page.headers().firstValue("Location").isEmpty());
            assertEquals(200, browser.navigate(app.url("/x")).statusCode(), site + ": the session is still there");
        }
        Map<String, String> fields = Browser.hiddenFields(
                linkFromElsewhere(browser, app.url("/logout"), "Sec-Fetch-Site", "cross-site").body());
        HttpResponse<String> confirmed = browser.postForm(app.url("/logout"), fields);
        assertEquals(302, confirmed.statusCode(), confirmed.body());
        assertTrue(Browser.location(confirmed).startsWith(provider.issuer() + "/end_session?"));
        assertEquals(endSessions, provider.counters().endSession(), "not yet at the provider");
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "the session ended on the button");
    }

    @Test
    void logoutWhenPostWithoutTheConfirmationTokenThen403AndTheSessionStays() throws Exception {
        start(Map.of());
        Browser browser = signedInBrowser();
        linkFromElsewhere(browser, app.url("/logout"), "Sec-Fetch-Site", "cross-site"); // sets a token cookie
        HttpResponse<String> forged = browser.postForm(app.url("/logout"), Map.of("confirm", "guessed-token-value"));
        assertEquals(403, forged.statusCode());
        HttpResponse<String> empty = browser.postForm(app.url("/logout"), Map.of());
        assertEquals(403, empty.statusCode());
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "still signed in");
    }

    @Test
    void logoutWhenNoFetchMetadataThenRefererOrOriginOfThisAppDecides() throws Exception {
        start(Map.of());
        Browser browser = signedInBrowser();
        assertEquals(200, linkFromElsewhere(browser, app.url("/logout")).statusCode(), "nothing says where from");
        assertEquals(200, linkFromElsewhere(browser, app.url("/logout"), "Referer", "https://evil.example/page")
                .statusCode());
        String otherPort = app.url("/x").replaceFirst(":[0-9]+/", ":1/");
        assertEquals(200, linkFromElsewhere(browser, app.url("/logout"), "Referer", otherPort).statusCode(),
                "another port is another origin");
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "none of them ended the session");
        HttpResponse<String> fromApp = linkFromElsewhere(browser, app.url("/logout"), "Referer", app.url("/x"));
        assertEquals(302, fromApp.statusCode(), "a link within the application logs out at once");
    }

    @Test
    void logoutLandingWhenTheProviderReturnsWithoutStateThenSignedOutPageNotAnotherLogoutLoop() throws Exception {
        start(Map.of());
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
        String toProvider = Browser.location(browser.navigate(app.url("/logout")));
        assertTrue(toProvider.startsWith(provider.issuer()));
        HttpResponse<String> back = browser.navigate(app.url("/logout"));
        assertEquals(200, back.statusCode(), "no second trip to the provider");
        assertTrue(back.headers().firstValue("Location").isEmpty());
    }

    @Test
    void logoutLandingWhenStateWasNotSentByThisBrowserThenNoRedirect() throws Exception {
        start(Map.of("post-logout-path", "/public/bye"));
        HttpResponse<String> landing = new Browser().navigate(app.url("/logout?state=forged-state-value-123"));
        assertEquals(200, landing.statusCode());
        assertTrue(landing.headers().firstValue("Location").isEmpty());
        assertTrue(landing.body().contains("signed out"));
    }

    @Test
    void initWhenConfigurationInvalidThenStartFailsListingEveryProblem() throws Exception {
        OidcFilterCore filter = new OidcFilterCore(Map.<String, String>of()::get, java.time.Clock.systemUTC(),
                new java.security.SecureRandom());
        ServletContextHandler context = new ServletContextHandler();
        var holder = new org.eclipse.jetty.ee10.servlet.FilterHolder(filter);
        holder.setInitParameter("response-type", "id_token");
        holder.setName("oidc");
        jakarta.servlet.FilterConfig config = new jakarta.servlet.FilterConfig() {
            public String getFilterName() { return "oidc"; }
            public jakarta.servlet.ServletContext getServletContext() { return context.getServletContext(); }
            public String getInitParameter(String name) { return holder.getInitParameter(name); }
            public java.util.Enumeration<String> getInitParameterNames() {
                return java.util.Collections.enumeration(List.of("response-type"));
            }
        };
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config));
        assertTrue(e.getMessage().contains("issuer is required") && e.getMessage().contains("client-id is required")
                && e.getMessage().contains("response-type"), e.getMessage());
    }
}
