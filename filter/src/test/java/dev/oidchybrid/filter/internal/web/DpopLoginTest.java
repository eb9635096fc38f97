package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPoP-bound tokens end to end against the development provider, which requires DPoP nonces: the login, UserInfo
 * and refresh all carry proofs of the session's key; a provider that answers Bearer is a downgrade.
 */
class DpopLoginTest {

    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME).requireDpopNonce(true));
    private FilterHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private Browser start(String dpop) throws Exception {
        Map<String, String> init = new HashMap<>(Map.of("scope", "openid profile email offline_access",
                "response-type", "code", "userinfo", "true", "dpop", dpop));
        app = new FilterHarness(init, provider.environment(), clock);
        return new Browser();
    }

    private HttpResponse<String> login(Browser browser) {
        return browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    @Test
    void loginWhenDpopRequiredAndTheProviderWantsNoncesThenBoundTokensAndUserInfoWithAProof() throws Exception {
        Browser browser = start("true");
        int userinfo = provider.counters().userinfo();
        assertEquals(303, login(browser).statusCode());
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertEquals(200, page.statusCode());
        assertEquals("DPoP", field(page, "tokenType"));
        assertEquals("false", field(page, "tokenSetKey"), "the session's private key never reaches the application");
        assertEquals("sealed", field(page, "storedDpopKey"), "the container's session holds the key sealed only");
        assertEquals("alice-0001", field(page, "user"));
        assertTrue(provider.counters().userinfo() > userinfo, "UserInfo answered a DPoP request");
    }

    @Test
    void refreshWhenDpopBoundThenTheSameSessionKeyRefreshesAndTheTokenStaysBound() throws Exception {
        Browser browser = start("true");
        assertEquals(303, login(browser).statusCode());
        String before = field(browser.navigate(app.url("/x")), "accessTokenId");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        HttpResponse<String> refreshed = browser.navigate(app.url("/x"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertNotEquals(before, field(refreshed, "accessTokenId"));
        assertEquals("DPoP", field(refreshed, "tokenType"));
    }

    @Test
    void loginWhenProviderAnswersBearerToAProofThenRefusedAsADowngradeWithoutSession() throws Exception {
        Browser browser = start("true");
        provider.faults().ignoreDpopProofs(true);
        HttpResponse<String> callback = login(browser);
        assertEquals(502, callback.statusCode());
        assertTrue(callback.body().contains("op_bad_response"), callback.body());
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "no session");
    }

    @Test
    void loginWhenOptionalAndProviderAnswersBearerThenBearerSession() throws Exception {
        Browser browser = start("optional");
        provider.faults().ignoreDpopProofs(true);
        assertEquals(303, login(browser).statusCode());
        assertEquals("Bearer", field(browser.navigate(app.url("/x")), "tokenType"));
    }

    @Test
    void loginWhenProviderRejectsEveryNonceThenOneRetryOnlyAndAnErrorPage() throws Exception {
        Browser browser = start("true");
        provider.faults().rejectEveryDpopNonce(true);
        int tokens = provider.counters().token();
        HttpResponse<String> callback = login(browser);
        assertEquals(400, callback.statusCode());
        assertTrue(provider.counters().token() - tokens <= 2, "at most the request and one retry");
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "no session");
    }

    @Test
    void loginWhenDpopOffThenBearerTokensAsBefore() throws Exception {
        Browser browser = start("false");
        assertEquals(303, login(browser).statusCode());
        assertEquals("Bearer", field(browser.navigate(app.url("/x")), "tokenType"));
    }
}
