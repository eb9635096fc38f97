package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code session-store=cookie}, end to end: the session lives only in sealed cookies, so another filter instance
 * ("node") with the same {@code cookie-keys} serves it, and one with other keys does not; rotation, tampering,
 * logout of copies, inactivity, chunking and refresh single-flight.
 */
class CookieSessionStoreTest {

    private static final String KEY = "cookie-store-test-key-0123456789abcdef";
    private static final String OTHER_KEY = "another-key-for-cookie-store-tests-000000";
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<FilterHarness> nodes = new ArrayList<>();
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME));

    @AfterEach
    void stop() throws Exception {
        for (FilterHarness node : nodes) {
            node.close();
        }
    }

    private FilterHarness node(String keys, Map<String, String> extra) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("session-store", "cookie", "cookie-keys", keys,
                "scope", "openid profile email offline_access", "session-timeout", "120"));
        params.putAll(extra);
        FilterHarness node = new FilterHarness(params, provider.environment(), clock);
        nodes.add(node);
        return node;
    }

    /** Another application with the same cookie-keys: a client of the provider at a context path. */
    private FilterHarness application(String clientId, String contextPath) throws Exception {
        FilterHarness app = new FilterHarness(Map.of("session-store", "cookie", "cookie-keys", KEY,
                "session-timeout", "120"), Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID", clientId,
                "OIDC_CLIENT_SECRET", "any-secret"), clock, contextPath);
        nodes.add(app);
        return app;
    }

    private static void login(Browser browser, FilterHarness node) {
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(node.url("/x")),
                "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
    }

    private static void assertLoggedIn(Browser browser, FilterHarness node) {
        HttpResponse<String> page = browser.navigate(node.url("/x"));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("user=alice-0001"), page.body());
    }

    private static void assertNotLoggedIn(Browser browser, FilterHarness node) {
        HttpResponse<String> page = browser.navigate(node.url("/x"));
        assertEquals(302, page.statusCode(), "expected a new login, got: " + page.body());
    }

    private static List<HttpCookie> sessionCookies(Browser browser) {
        return browser.cookies().stream().filter(c -> c.getName().contains("oidc_session_")).toList();
    }

    @Test
    void loginKeepsTheSessionInSealedHttpOnlyCookiesAndNoContainerSession() throws Exception {
        FilterHarness node = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, node);
        assertLoggedIn(browser, node);
        List<HttpCookie> cookies = sessionCookies(browser);
        assertFalse(cookies.isEmpty());
        assertTrue(cookies.stream().allMatch(HttpCookie::isHttpOnly));
        assertTrue(cookies.stream().noneMatch(c -> c.getValue().contains("alice")), "sealed, not readable");
        assertTrue(browser.cookies().stream().noneMatch(c -> c.getName().equals("JSESSIONID")),
                "no container session: " + browser.cookies());
    }

    @Test
    void sessionCookieWhenPresentedToAnotherClientWithTheSameKeysThenNotAccepted() throws Exception {
        // the drop-in set-up invites the same cookie-keys for every application
        FilterHarness demo = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, demo);
        assertLoggedIn(browser, demo);
        FilterHarness otherApp = application("some-other-app", "/app");
        // same host and path: the browser sends the demo's session cookies along
        assertNotLoggedIn(browser, otherApp);
    }

    @Test
    void sessionCookieWhenPresentedToTheSameClientAtAnotherContextPathThenNotAccepted() throws Exception {
        FilterHarness app = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, app);
        FilterHarness elsewhere = application(DevProvider.DEMO_CLIENT_ID, "/other");
        // under the names /other reads, so that only the sealing scope can tell them apart
        String appTag = dev.oidchybrid.filter.internal.session.CookieNames.name("", "/app", true);
        String otherTag = dev.oidchybrid.filter.internal.session.CookieNames.name("", "/other", true);
        List<HttpCookie> session = sessionCookies(browser);
        assertFalse(session.isEmpty());
        for (HttpCookie cookie : session) {
            assertTrue(cookie.getName().endsWith(appTag.substring("__Host-".length())), cookie.getName());
            HttpCookie copy = new HttpCookie(cookie.getName().replace(appTag.substring("__Host-".length()),
                    otherTag.substring("__Host-".length())), cookie.getValue());
            copy.setPath("/");
            browser.putCookie(elsewhere.url("/"), copy);
        }
        HttpResponse<String> page = browser.navigate(elsewhere.url("/x"));
        assertEquals(302, page.statusCode(), "another application's sealed session: " + page.body());
    }

    @Test
    void anotherNodeWithTheSameKeysServesTheSessionWithoutSharedMemory() throws Exception {
        FilterHarness a = node(KEY, Map.of());
        FilterHarness b = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, a);
        int authorizations = provider.counters().authorize();
        for (int i = 0; i < 4; i++) {
            assertLoggedIn(browser, i % 2 == 0 ? b : a);
        }
        assertEquals(authorizations, provider.counters().authorize(), "no new login on either node");
    }

    @Test
    void nodeWithOtherKeysRefusesTheCookie() throws Exception {
        FilterHarness a = node(KEY, Map.of());
        FilterHarness stranger = node(OTHER_KEY, Map.of());
        Browser browser = new Browser();
        login(browser, a);
        assertNotLoggedIn(browser, stranger);
    }

    @Test
    void rotatedKeysStillReadCookiesSealedWithTheOldKeyAndSealWithTheNewOne() throws Exception {
        FilterHarness old = node(KEY, Map.of());
        FilterHarness rotated = node(OTHER_KEY + "," + KEY, Map.of());
        FilterHarness newOnly = node(OTHER_KEY, Map.of());
        Browser browser = new Browser();
        login(browser, old);
        assertLoggedIn(browser, rotated);
        assertNotLoggedIn(browser, newOnly);
        // a login on the rotated node seals with its first key, which the node with only the new key reads
        Browser second = new Browser();
        login(second, rotated);
        assertLoggedIn(second, newOnly);
    }

    @Test
    void tamperedCookieIsRefusedWithoutAnError() throws Exception {
        FilterHarness node = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, node);
        HttpCookie chunk = sessionCookies(browser).get(0);
        String value = chunk.getValue();
        int middle = value.length() / 2;
        // a character inside the value (the last one of a base64url string may carry only padding bits)
        HttpCookie forged = new HttpCookie(chunk.getName(), value.substring(0, middle)
                + (value.charAt(middle) == 'A' ? 'B' : 'A') + value.substring(middle + 1));
        forged.setPath("/app");
        browser.forget(chunk.getName());
        browser.putCookie(node.url("/"), forged);
        assertNotLoggedIn(browser, node);
    }

    @Test
    void logoutRevokesCopiesOfTheSessionCookies() throws Exception {
        FilterHarness node = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, node);
        List<HttpCookie> copies = sessionCookies(browser).stream().map(c -> (HttpCookie) c.clone()).toList();
        browser.navigate(node.url("/logout"));
        assertTrue(sessionCookies(browser).isEmpty(), "logout expires the cookies");
        Browser thief = new Browser();
        copies.forEach(c -> thief.putCookie(node.url("/"), c));
        assertNotLoggedIn(thief, node);
    }

    @Test
    void inactivityLongerThanSessionTimeoutEndsTheSessionButActivityKeepsItAlive() throws Exception {
        FilterHarness node = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, node);
        clock.advance(Duration.ofSeconds(90));
        assertLoggedIn(browser, node);
        clock.advance(Duration.ofSeconds(90));
        assertLoggedIn(browser, node);
        clock.advance(Duration.ofSeconds(200));
        assertNotLoggedIn(browser, node);
    }

    @Test
    void largeSessionIsSplitOverSeveralCookiesAndReadBack() throws Exception {
        provider.faults().idTokenCustomizer((stage, claims) -> claims.setClaim("big", "x".repeat(1500)));
        FilterHarness node = node(KEY, Map.of());
        Browser browser = new Browser();
        login(browser, node);
        assertTrue(sessionCookies(browser).size() >= 2, "chunks: " + sessionCookies(browser).size());
        assertTrue(sessionCookies(browser).stream().allMatch(c -> c.getName().length() + c.getValue().length() < 4096));
        assertLoggedIn(browser, node);
    }

    @Test
    void parallelRequestsOfAnExpiredSessionSendOneRefreshGrantAndEveryNodeReadsTheNewCookie() throws Exception {
        FilterHarness a = node(KEY, Map.of("session-timeout", "3600"));
        FilterHarness b = node(KEY, Map.of("session-timeout", "3600"));
        Browser browser = new Browser();
        login(browser, a);
        String before = field(browser.navigate(a.url("/x")), "accessTokenId");
        int grants = provider.counters().token();
        clock.advance(ACCESS_TOKEN_LIFETIME.plusSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // the local shared state is per node: one node, many requests (two nodes need shared-state=jcache)
                responses.add(pool.submit(() -> browser.get(a.url("/api"), "Accept", "application/json")));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get().statusCode(), response.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(grants + 1, provider.counters().token(), "one refresh grant for all parallel requests");
        HttpResponse<String> after = browser.navigate(b.url("/x"));
        assertEquals(200, after.statusCode());
        assertNotEquals(before, field(after, "accessTokenId"));
        assertEquals(grants + 1, provider.counters().token(), "the refreshed cookie needs no further grant");
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }
}
