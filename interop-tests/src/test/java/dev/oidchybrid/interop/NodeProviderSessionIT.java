package dev.oidchybrid.interop;

import dev.oidchybrid.testkit.http.Json;
import org.htmlunit.Page;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session after login, against the certified {@code oidc-provider} (see {@code src/test/node}): refresh with
 * refresh-token rotation, RP-Initiated Logout 1.0 and Back-Channel Logout 1.0, each through the provider's own
 * pages in HtmlUnit, with the sample WAR on {@code https://127.0.0.1} (test certificate) and the provider on
 * {@code http://localhost}.
 *
 * <p>Two providers: one with an 8 s access token lifetime for the refresh test, and one with the default 300 s
 * for the logout tests, so that no session there ends or refreshes by expiry while a logout is checked. The
 * second one has Back-Channel Logout enabled, with the client's {@code backchannel_logout_uri} on the app
 * {@code bcApp}: node trusts the test certificate through {@code NODE_EXTRA_CA_CERTS} (TLS stays verified),
 * and provider.mjs exempts that one URI from oidc-provider's SSRF protection, which otherwise drops every
 * connection to 127.0.0.1. What the provider did (grants, rotated refresh tokens, back-channel deliveries) is
 * read from its test endpoint {@code /__interop/events}.
 */
class NodeProviderSessionIT {

    /** oidc-provider's access (and ID) token lifetime for the refresh app. */
    private static final Duration SHORT_TTL = Duration.ofSeconds(8);
    /** The filter's refresh-before-expiry: with an 8 s token, a refresh is due 4 s after it was obtained. */
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(4);
    private static final String POST_LOGOUT_PATH = "/public/index.html";
    private static final int CONCURRENT_REQUESTS = 6;
    /** The session cookie of {@link #otherApp}. */
    private static final String OTHER_SESSION_COOKIE = "OTHERSESSIONID";

    private static NodeOidcProvider refreshProvider;
    private static NodeOidcProvider logoutProvider;
    private static SampleApp refreshApp;
    private static SampleApp logoutApp;
    /** The app the provider tells about logouts (the client's backchannel_logout_uri). */
    private static SampleApp bcApp;
    /** Another app of the same client, where the user logs out. */
    private static SampleApp otherApp;

    @BeforeAll
    static void start() throws Exception {
        int refreshPort = FreePorts.next();
        int logoutPort = FreePorts.next();
        int bcPort = FreePorts.next();
        int otherPort = FreePorts.next();

        refreshProvider = NodeOidcProvider.builder("localhost", FreePorts.next())
                .redirectUris(List.of(SampleApp.callbackUrl("https", "127.0.0.1", refreshPort)))
                .accessTokenTtl(SHORT_TTL)
                .start();
        List<Integer> logoutPorts = List.of(logoutPort, bcPort, otherPort);
        logoutProvider = NodeOidcProvider.builder("localhost", FreePorts.next())
                .redirectUris(logoutPorts.stream().map(p -> SampleApp.callbackUrl("https", "127.0.0.1", p)).toList())
                .postLogoutRedirectUris(logoutPorts.stream().map(p -> "https://127.0.0.1:" + p + "/logout").toList())
                .backchannelLogoutUri("https://127.0.0.1:" + bcPort + "/backchannel-logout")
                .start();

        refreshApp = app("node-session-refresh", refreshPort, refreshProvider)
                .param("scope", "openid profile email offline_access")
                // oidc-provider keeps offline_access only when consent is prompted for
                .param("prompt", "consent")
                .param("refresh-before-expiry", Long.toString(REFRESH_BEFORE_EXPIRY.toSeconds()))
                .start();
        logoutApp = app("node-session-logout", logoutPort, logoutProvider).start();
        bcApp = app("node-session-backchannel", bcPort, logoutProvider).start();
        // Cookies do not tell ports apart: in one browser two apps on 127.0.0.1 would share (and overwrite) one
        // JSESSIONID. A real second app has a host of its own, but oidc-provider refuses localhost URIs for this
        // (hybrid) client and the test certificate names no other host, so this one names its cookie differently.
        otherApp = app("node-session-other", otherPort, logoutProvider).sessionCookieName(OTHER_SESSION_COOKIE)
                .start();
    }

    private static SampleApp.Builder app(String name, int port, NodeOidcProvider provider) {
        return SampleApp.https(name, "127.0.0.1", port)
                .param("issuer", provider.issuer())
                .param("client-id", NodeOidcProvider.CLIENT_ID)
                .param("client-secret", NodeOidcProvider.CLIENT_SECRET)
                .param("post-logout-path", POST_LOGOUT_PATH);
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(refreshApp, logoutApp, bcApp, otherApp, refreshProvider, logoutProvider);
    }

    /**
     * offline_access with prompt=consent gets a refresh token; a request before the refresh is due sends no
     * grant; each request after it is due refreshes once (the response already carries the new ID token's
     * claims); oidc-provider rotates the refresh token every time and revokes the whole grant when a used one
     * comes back, and the chain of fingerprints shows the filter always presented the one issued last. The
     * third refresh comes due under {@value #CONCURRENT_REQUESTS} simultaneous requests of the session: one
     * grant, every request 200.
     */
    @Test
    void refreshAtTheCertifiedProviderRotatesTheRefreshTokenAndKeepsTheSession() throws Exception {
        try (SessionBrowser browser = new SessionBrowser()) {
            browser.open(refreshApp.url("profile"));
            // the tokens are obtained after this instant, so the refresh is due no earlier than 4 s after it
            Instant beforeLogin = Instant.now();
            Page landed = browser.logInAtNodeProvider("alice", "any-password", refreshApp.baseUrl());
            Map<String, Object> first = profile(landed, refreshProvider);

            Map<String, String> authorization = browser.exchangesTo(refreshProvider.issuer() + "/auth?").get(0).params();
            assertEquals("consent", authorization.get("prompt"));
            assertTrue(authorization.get("scope").contains("offline_access"), () -> "scope: " + authorization);
            List<Map<String, Object>> grants = grants(refreshProvider);
            assertEquals(1, grants.size(), () -> "grants: " + grants);
            assertEquals("authorization_code", grants.get(0).get("grant_type"));
            assertNotNull(grants.get(0).get("issued_refresh_token"),
                    () -> "no refresh token issued for offline_access: " + grants);

            // not due yet (less than 4 s since the tokens came): served without a refresh
            Map<String, Object> notDue = profile(browser.open(refreshApp.url("profile")), refreshProvider);
            assertTrue(Duration.between(beforeLogin, Instant.now()).compareTo(REFRESH_BEFORE_EXPIRY) < 0,
                    "the login took too long to check a request before the refresh is due");
            assertEquals(first.get("iat"), notDue.get("iat"));
            assertEquals(1, grants(refreshProvider).size(), () -> "refreshed before due: " + events(refreshProvider));

            // two refreshes one after the other, each by the first page request after it came due
            Map<String, Object> previous = first;
            Instant refreshedAt = null;
            for (int expectedGrants = 2; expectedGrants <= 3; expectedGrants++) {
                Map<String, Object> refreshed = pollUntilGrants(browser, expectedGrants);
                refreshedAt = Instant.now();
                assertNewIdTokenOfTheSameLogin(previous, refreshed);
                previous = refreshed;
            }

            // the third one comes due while several requests of the session arrive at once
            sleepUntil(refreshedAt.plus(REFRESH_BEFORE_EXPIRY).plusMillis(300));
            List<Map<String, Object>> burst = concurrentProfiles(browser.cookie(refreshApp.baseUrl(), "JSESSIONID"));
            assertEquals(4, grants(refreshProvider).size(),
                    () -> "expected exactly one refresh for " + CONCURRENT_REQUESTS + " simultaneous requests: "
                            + events(refreshProvider));
            Set<Object> burstIats = new HashSet<>();
            for (Map<String, Object> answer : burst) {
                assertNewIdTokenOfTheSameLogin(previous, answer);
                burstIats.add(answer.get("iat"));
            }
            assertEquals(1, burstIats.size(), () -> "all requests after the refresh see its ID token: " + burst);

            // the session still works afterwards
            assertNewIdTokenOfTheSameLogin(previous, profile(browser.open(refreshApp.url("profile")), refreshProvider));

            assertRotationChain(grants(refreshProvider));
        }
    }

    /**
     * {@code GET /logout}: 302 to oidc-provider's end_session endpoint with id_token_hint, client_id,
     * post_logout_redirect_uri and state; its confirmation page (submitted as a user would) sends the browser
     * back to {@code /logout?state=...}, which, the state matching, redirects to post-logout-path. Afterwards the
     * app has no session (a protected page redirects to the provider) and neither has the provider (it asks
     * for the login again).
     */
    @Test
    void rpInitiatedLogoutAtTheCertifiedProviderEndsBothSessions() throws Exception {
        try (SessionBrowser browser = new SessionBrowser()) {
            browser.open(logoutApp.url("profile"));
            Map<String, Object> profile = profile(browser.logInAtNodeProvider("alice", "any-password",
                    logoutApp.baseUrl()), logoutProvider);
            int eventsBefore = events(logoutProvider).size();

            browser.clearExchanges();
            browser.open(logoutApp.url("logout"));
            SessionBrowser.Exchange logout = browser.onlyExchangeTo(logoutApp.url("logout"));
            assertEquals(302, logout.status(), browser::describe);
            String endSession = endSessionEndpoint(logoutProvider);
            assertTrue(logout.location().startsWith(endSession + "?"), () -> "logout went to " + logout.location());
            Map<String, String> query = logout.locationQuery();
            assertEquals(NodeOidcProvider.CLIENT_ID, query.get("client_id"));
            assertEquals(logoutApp.url("logout"), query.get("post_logout_redirect_uri"));
            String state = query.get("state");
            assertNotNull(state, () -> "no state: " + query.keySet());
            assertTrue(state.length() >= 32, "state is not random enough: " + state.length() + " characters");
            Map<String, Object> hint = jwtPayload(query.get("id_token_hint"));
            assertEquals("alice", hint.get("sub"));
            assertEquals(profile.get("sid"), hint.get("sid"));
            assertEquals(logoutProvider.issuer(), hint.get("iss"));
            assertTrue(browser.onNodeLogoutPage(), () -> "expected oidc-provider's logout confirmation, got "
                    + browser.current().getUrl() + "\n" + browser.current().getWebResponse().getContentAsString()
                    + "\nprovider log:\n" + logoutProvider.output());

            Page after = browser.confirmLogoutAtNodeProvider(logoutApp.baseUrl());
            SessionBrowser.Exchange landing = browser.onlyExchangeTo(logoutApp.url("logout?"));
            assertEquals(state, SessionBrowser.query(landing.url()).get("state"), "the provider returned the state");
            assertEquals(302, landing.status(), browser::describe);
            // Jetty sends the post-logout redirect as a relative reference
            assertEquals(logoutApp.url(POST_LOGOUT_PATH.substring(1)),
                    URI.create(landing.url()).resolve(landing.location()).toString());
            assertEquals(logoutApp.url(POST_LOGOUT_PATH.substring(1)), after.getUrl().toString());
            assertEquals(200, after.getWebResponse().getStatusCode());
            assertTrue(eventNames(events(logoutProvider).subList(eventsBefore, events(logoutProvider).size()))
                    .contains("end_session.success"), () -> "provider events: " + events(logoutProvider));

            assertRedirectsToTheProvider(browser, logoutApp, logoutProvider);
            browser.open(logoutApp.url("profile"));
            assertTrue(browser.onNodeLoginPage(), () -> "the provider session should have ended, got "
                    + browser.current().getUrl());
        }
    }

    /**
     * The user is logged in to two apps of the client and logs out in one of them (RP-Initiated Logout): the
     * provider POSTs a logout token (with sid) to the other one's back-channel logout endpoint, whose session
     * ends on its next request.
     */
    @Test
    void backChannelLogoutFromTheCertifiedProviderEndsTheSessionOfTheOtherApp() throws Exception {
        try (SessionBrowser browser = new SessionBrowser(); FilterLog log = new FilterLog()) {
            browser.open(bcApp.url("profile"));
            Map<String, Object> bcProfile = profile(browser.logInAtNodeProvider("alice", "any-password",
                    bcApp.baseUrl()), logoutProvider);
            assertNotNull(bcProfile.get("sid"), () -> "the ID token carries no sid: " + bcProfile);
            // single sign-on: the provider session logs the user in to the other app without a login page
            Map<String, Object> otherProfile = profile(browser.openAndSettleOn(otherApp.url("profile"),
                    otherApp.baseUrl()), logoutProvider);
            assertEquals(bcProfile.get("sid"), otherProfile.get("sid"));
            assertEquals(200, browser.probe(bcApp.url("profile")).getStatusCode(), "logged in to the first app");
            int eventsBefore = events(logoutProvider).size();

            browser.open(otherApp.url("logout"));
            browser.confirmLogoutAtNodeProvider(otherApp.url(POST_LOGOUT_PATH.substring(1)));

            assertOneBackChannelDelivery(eventsBefore, log);
            assertRedirectsToTheProvider(browser, bcApp, logoutProvider);
            assertTrue(log.contains("OIDC session of subject alice ended by a logout (a back-channel logout"),
                    () -> "filter log: " + log.lines());
            browser.open(bcApp.url("profile"));
            assertTrue(browser.onNodeLoginPage(), () -> "expected the provider's login page, got "
                    + browser.current().getUrl());
        }
    }

    /** The provider session is ended at the provider itself (its end_session page, no app involved). */
    @Test
    void backChannelLogoutEndsTheSessionWhenTheUserLogsOutAtTheCertifiedProvider() throws Exception {
        try (SessionBrowser browser = new SessionBrowser(); FilterLog log = new FilterLog()) {
            browser.open(bcApp.url("profile"));
            profile(browser.logInAtNodeProvider("bob", "any-password", bcApp.baseUrl()), logoutProvider);
            assertEquals(200, browser.probe(bcApp.url("profile")).getStatusCode(), "logged in");
            int eventsBefore = events(logoutProvider).size();

            browser.open(endSessionEndpoint(logoutProvider));
            browser.confirmLogoutAtNodeProvider(endSessionEndpoint(logoutProvider) + "/success");

            List<Map<String, Object>> deliveries = events(logoutProvider).subList(eventsBefore,
                    events(logoutProvider).size()).stream().filter(e -> "backchannel.success".equals(e.get("event")))
                    .toList();
            assertEquals(1, deliveries.size(), () -> "provider events: " + events(logoutProvider));
            assertEquals("bob", deliveries.get(0).get("sub"));
            assertRedirectsToTheProvider(browser, bcApp, logoutProvider);
            assertTrue(log.contains("OIDC session of subject bob ended by a logout (a back-channel logout"),
                    () -> "filter log: " + log.lines());
        }
    }

    private static void assertOneBackChannelDelivery(int eventsBefore, FilterLog log) {
        List<Map<String, Object>> since = events(logoutProvider).subList(eventsBefore, events(logoutProvider).size());
        assertFalse(eventNames(since).contains("backchannel.error"), () -> "back-channel delivery failed: " + since
                + "\nprovider log:\n" + logoutProvider.output());
        List<Map<String, Object>> deliveries = since.stream()
                .filter(e -> "backchannel.success".equals(e.get("event"))).toList();
        assertEquals(1, deliveries.size(), () -> "provider events: " + since);
        assertEquals(NodeOidcProvider.CLIENT_ID, deliveries.get(0).get("client_id"));
        assertEquals("alice", deliveries.get(0).get("sub"));
        assertEquals(true, deliveries.get(0).get("sid_present"));
        assertTrue(log.contains("OIDC back-channel logout: sessions of provider session (sid) of subject alice end"),
                () -> "filter log: " + log.lines());
    }

    /** A protected page of {@code app} is now a 302 to the provider's authorization endpoint (no session). */
    private static void assertRedirectsToTheProvider(SessionBrowser browser, SampleApp app, NodeOidcProvider provider)
            throws IOException {
        WebResponse response = browser.probe(app.url("profile"));
        assertEquals(302, response.getStatusCode(), () -> "expected no session at " + app + ", got "
                + response.getStatusCode() + ": " + response.getContentAsString());
        String location = response.getResponseHeaderValue("Location");
        assertTrue(location.startsWith(provider.issuer() + "/auth?"), () -> "redirected to " + location);
    }

    /** Requests /profile as a page every 250 ms until the provider has seen {@code count} grants; bounded. */
    private static Map<String, Object> pollUntilGrants(SessionBrowser browser, int count) throws Exception {
        Instant deadline = Instant.now().plus(SHORT_TTL).plusSeconds(3);
        while (true) {
            Map<String, Object> profile = profile(browser.open(refreshApp.url("profile")), refreshProvider);
            int grants = grants(refreshProvider).size();
            if (grants == count) {
                return profile;
            }
            assertTrue(grants < count, () -> "more grants than expected: " + events(refreshProvider));
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no refresh within " + SHORT_TTL.plusSeconds(3) + "; provider events: "
                        + events(refreshProvider) + "\nprovider log:\n" + refreshProvider.output());
            }
            Thread.sleep(250);
        }
    }

    /** Sends the same /profile request of one session from {@value #CONCURRENT_REQUESTS} threads at once. */
    private static List<Map<String, Object>> concurrentProfiles(String sessionId) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestTls.get().clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(refreshApp.url("profile")))
                .header("Cookie", "JSESSIONID=" + sessionId)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(20))
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT_REQUESTS);
        try {
            CountDownLatch ready = new CountDownLatch(CONCURRENT_REQUESTS);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                answers.add(CompletableFuture.supplyAsync(unchecked(() -> {
                    ready.countDown();
                    go.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }), threads));
            }
            assertTrue(ready.await(5, TimeUnit.SECONDS));
            go.countDown();
            List<Map<String, Object>> profiles = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), () -> "a concurrent request got " + response.statusCode()
                        + ": " + response.body() + "\nprovider events: " + events(refreshProvider));
                profiles.add(Json.object(response.body()));
            }
            return profiles;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A refreshed session: a newer ID token (iat) of the same login (sub, auth_time). */
    private static void assertNewIdTokenOfTheSameLogin(Map<String, Object> before, Map<String, Object> after) {
        assertEquals("alice", after.get("sub"));
        assertEquals(before.get("auth_time"), after.get("auth_time"), "the same login");
        assertTrue(((Number) after.get("iat")).longValue() > ((Number) before.get("iat")).longValue(),
                () -> "expected a new ID token: iat " + before.get("iat") + " -> " + after.get("iat"));
        assertEquals(true, after.get("access_token_present"));
    }

    /**
     * The code grant issued refresh token R0; refresh grant n presented R(n-1), was rotated, and issued R(n):
     * every refresh token was used exactly once, and no grant failed (a reused one would have been refused and
     * its grant revoked).
     */
    private static void assertRotationChain(List<Map<String, Object>> grants) {
        List<Map<String, Object>> all = events(refreshProvider);
        assertFalse(eventNames(all).contains("grant.error"), () -> "a grant failed: " + all);
        assertFalse(eventNames(all).contains("grant.revoked"), () -> "a grant was revoked: " + all);
        Set<Object> presented = new HashSet<>();
        Object expected = grants.get(0).get("issued_refresh_token");
        for (Map<String, Object> grant : grants.subList(1, grants.size())) {
            assertEquals("refresh_token", grant.get("grant_type"), () -> "grants: " + grants);
            assertEquals(true, grant.get("rotated"), () -> "grants: " + grants);
            assertEquals(expected, grant.get("presented_refresh_token"),
                    () -> "the filter did not present the refresh token issued last: " + grants);
            assertTrue(presented.add(grant.get("presented_refresh_token")), () -> "reused: " + grants);
            assertNotNull(grant.get("issued_refresh_token"));
            assertNotEquals(grant.get("presented_refresh_token"), grant.get("issued_refresh_token"));
            expected = grant.get("issued_refresh_token");
        }
    }

    private static Map<String, Object> profile(Page page, NodeOidcProvider provider) {
        WebResponse response = page.getWebResponse();
        assertEquals(200, response.getStatusCode(), () -> page.getUrl() + " answered " + response.getStatusCode()
                + ": " + response.getContentAsString() + "\nprovider log:\n" + provider.output());
        assertEquals("application/json", response.getContentType(), () -> page.getUrl() + ": "
                + response.getContentAsString());
        return Json.object(response.getContentAsString());
    }

    private static List<Map<String, Object>> grants(NodeOidcProvider provider) {
        return events(provider).stream().filter(e -> String.valueOf(e.get("event")).startsWith("grant.")
                && !"grant.revoked".equals(e.get("event"))).toList();
    }

    private static List<Map<String, Object>> events(NodeOidcProvider provider) {
        try {
            return provider.events();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> eventNames(List<Map<String, Object>> events) {
        return events.stream().map(e -> e.get("event")).toList();
    }

    private static String endSessionEndpoint(NodeOidcProvider provider) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> discovery = client.send(HttpRequest.newBuilder(
                URI.create(provider.issuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        Object endpoint = Json.object(discovery.body()).get("end_session_endpoint");
        assertInstanceOf(String.class, endpoint, "end_session_endpoint in discovery");
        return (String) endpoint;
    }

    private static Map<String, Object> jwtPayload(String jwt) {
        assertNotNull(jwt, "no id_token_hint");
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, "id_token_hint is not a JWS");
        return Json.object(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> Supplier<T> unchecked(Call<T> call) {
        return () -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
