package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.session.SessionRefresh;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.TokenStage;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refresh on expiry, end to end against the development provider, with one clock shared by the filter and the
 * provider so that token lifetimes pass without waiting.
 */
class TokenRefreshTest {

    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME));
    private FilterHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private Browser loggedIn(String scope, Map<String, String> params) throws Exception {
        Map<String, String> init = new HashMap<>(params);
        init.put("scope", scope);
        app = new FilterHarness(init, provider.environment(), clock);
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        return browser;
    }

    private Browser loggedIn() throws Exception {
        return loggedIn("openid profile email offline_access", Map.of());
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    @Test
    void requestWhenSessionOlderThanSessionMaxAgeThenANewLoginEvenIfRefreshedAllAlong() throws Exception {
        // a stolen live cookie used (and so refreshed) all the time must still end
        Browser browser = loggedIn("openid profile email offline_access", Map.of("session-max-age", "900"));
        for (int minute = 4; minute <= 12; minute += 4) {
            clock.advance(Duration.ofMinutes(4));
            assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "at minute " + minute);
        }
        clock.advance(Duration.ofMinutes(4)); // 16 minutes after the login
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertEquals(302, page.statusCode(), "past session-max-age: " + page.body());
        assertTrue(Browser.location(page).startsWith(provider.issuer() + "/authorize?"));
    }

    @Test
    void requestWhenAccessTokenFarFromExpiryThenNoRefresh() throws Exception {
        Browser browser = loggedIn();
        int grants = provider.counters().token();
        clock.advance(Duration.ofMinutes(3));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, browser.navigate(app.url("/x")).statusCode());
        }
        assertEquals(grants, provider.counters().token());
    }

    @Test
    void requestWhenAccessTokenNearExpiryThenRefreshedOnceAndDownstreamSeesTheNewToken() throws Exception {
        Browser browser = loggedIn();
        String before = field(browser.navigate(app.url("/x")), "accessTokenId");
        int grants = provider.counters().token();
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        HttpResponse<String> refreshed = browser.navigate(app.url("/x"));
        assertEquals(200, refreshed.statusCode());
        assertNotEquals(before, field(refreshed, "accessTokenId"));
        assertEquals("alice-0001", field(refreshed, "user"));
        assertEquals(grants + 1, provider.counters().token());
        browser.navigate(app.url("/x"));
        assertEquals(grants + 1, provider.counters().token(), "the new token is not refreshed again");
    }

    @Test
    void requestWhenHundredParallelRequestsOfAnExpiredSessionThenExactlyOneRefreshGrant() throws Exception {
        Browser browser = loggedIn();
        int grants = provider.counters().token();
        clock.advance(ACCESS_TOKEN_LIFETIME.plusSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                responses.add(pool.submit(() -> browser.get(app.url("/api"), "Accept", "application/json")));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get().statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(grants + 1, provider.counters().token(), "one refresh grant for 100 parallel requests");
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(),
                "the provider (which revokes on refresh-token reuse) still accepts the session");
    }

    @Test
    void requestWhenRefreshRefusedThenSessionEndsNavigationsLoginAgainAndOthersGet401() throws Exception {
        Browser browser = loggedIn();
        provider.faults().tokenEndpointError(400, "invalid_grant");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(10));
        HttpResponse<String> xhr = browser.get(app.url("/api"), "Accept", "application/json");
        assertEquals(401, xhr.statusCode());
        provider.faults().reset();
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }

    @Test
    void requestWhenTheProviderAsksForFewerRequestsOnRefreshThenTheSessionIsKeptNotEnded() throws Exception {
        Browser browser = loggedIn();
        provider.faults().tokenEndpointError(429, "too_many_requests");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(10));
        HttpResponse<String> due = browser.get(app.url("/api"), "Accept", "application/json");
        assertEquals(200, due.statusCode(), "an overloaded provider refuses no grant: " + due.body());
        provider.faults().reset();
        clock.advance(SessionRefresh.HOLD_OFF);
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "the session lives on and refreshes");
    }

    @Test
    void requestWhenProviderUnreachableThenServedWhileTheTokenIsValidThen503WithRetryAfter() throws Exception {
        Browser browser = loggedIn("openid profile email offline_access", Map.of("read-timeout", "500"));
        provider.faults().tokenEndpointDelay(Duration.ofSeconds(3));
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "still valid: served with the old token");
        clock.advance(Duration.ofSeconds(40));
        HttpResponse<String> expired = browser.navigate(app.url("/x"));
        assertEquals(503, expired.statusCode());
        assertTrue(expired.headers().firstValue("Retry-After").isPresent());
        assertTrue(!expired.body().contains("Exception"));
        provider.faults().reset();
        HttpResponse<String> heldOff = browser.navigate(app.url("/x"));
        assertEquals(503, heldOff.statusCode(), "no refresh sent within the hold-off after a failure");
        assertTrue(Long.parseLong(heldOff.headers().firstValue("Retry-After").orElseThrow())
                <= SessionRefresh.HOLD_OFF.toSeconds());
        clock.advance(SessionRefresh.HOLD_OFF);
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(),
                "recovers at the first request after the hold-off once the provider answers");
    }

    @Test
    void requestWhenNoRefreshTokenAndAccessTokenExpiredThenANewLogin() throws Exception {
        Browser browser = loggedIn("openid profile email", Map.of());
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "not expired yet");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }

    @Test
    void refreshWhenRefreshScopeConfiguredThenTheNarrowerScopeIsAskedForAndGranted() throws Exception {
        Browser browser = loggedIn("openid profile email offline_access", Map.of("refresh-scope", "openid offline_access"));
        assertEquals("openid profile email offline_access", field(browser.navigate(app.url("/x")), "tokenScope"));
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        assertEquals("openid offline_access", field(browser.navigate(app.url("/x")), "tokenScope"));
    }

    @Test
    void requestWhenRefreshedIdTokenNamesAnotherSubjectThenSessionEnds() throws Exception {
        Browser browser = loggedIn();
        provider.faults().idTokenCustomizer((stage, claims) -> {
            if (stage == TokenStage.REFRESH) {
                claims.setSubject("mallory");
            }
        });
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(10));
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }
}
