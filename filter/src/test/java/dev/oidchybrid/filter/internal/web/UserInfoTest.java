package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.TokenStage;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional UserInfo fetch, end to end against the development provider. */
class UserInfoTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(Duration.ofMinutes(5)));
    private FilterHarness app;

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private Browser start(Map<String, String> params) throws Exception {
        Map<String, String> init = new HashMap<>(Map.of("scope", "openid profile email offline_access"));
        init.putAll(params);
        app = new FilterHarness(init, provider.environment(), clock);
        return new Browser();
    }

    private HttpResponse<String> login(Browser browser) {
        return browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
    }

    private static void withoutEmailInIdTokens(DevProviderFixture provider) {
        provider.faults().idTokenCustomizer((stage, claims) -> claims.unsetClaim("email"));
    }

    @Test
    void loginWhenUserinfoEnabledThenItsClaimsCompleteTheIdTokens() throws Exception {
        Browser browser = start(Map.of("userinfo", "true", "response-type", "code"));
        withoutEmailInIdTokens(provider);
        int calls = provider.counters().userinfo();
        assertEquals(303, login(browser).statusCode());
        assertEquals(calls + 1, provider.counters().userinfo());
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertTrue(page.body().contains("email=alice@example.com"), "email came only from userinfo: " + page.body());
        assertTrue(page.body().contains("user=alice-0001"));
    }

    @Test
    void loginWhenUserinfoDisabledThenNotCalled() throws Exception {
        Browser browser = start(Map.of("response-type", "code"));
        withoutEmailInIdTokens(provider);
        int calls = provider.counters().userinfo();
        assertEquals(303, login(browser).statusCode());
        assertEquals(calls, provider.counters().userinfo());
        assertTrue(browser.navigate(app.url("/x")).body().contains("email=null"));
    }

    @Test
    void loginWhenUserinfoSubjectDiffersFromTheIdTokenThenRefusedWithoutSession() throws Exception {
        Browser browser = start(Map.of("userinfo", "true", "response-type", "code"));
        provider.faults().idTokenCustomizer((stage, claims) -> {
            if (stage == TokenStage.TOKEN_ENDPOINT) {
                claims.setSubject("mallory");
            }
        });
        HttpResponse<String> callback = login(browser);
        assertEquals(400, callback.statusCode());
        assertTrue(callback.body().contains("invalid_response"), callback.body());
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
    }

    @Test
    void refreshWhenUserinfoEnabledThenFetchedAgain() throws Exception {
        Browser browser = start(Map.of("userinfo", "true"));
        assertEquals(303, login(browser).statusCode());
        int calls = provider.counters().userinfo();
        clock.advance(Duration.ofMinutes(5).minusSeconds(20));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode());
        assertEquals(calls + 1, provider.counters().userinfo());
    }

    @Test
    void refreshWhenNoNewIdTokenThenClaimsFromAFreshUserinfoAnswerReplaceTheOldOnes() throws Exception {
        Browser browser = start(Map.of("userinfo", "true"));
        withoutEmailInIdTokens(provider);
        provider.faults().omitRefreshIdToken(true);
        assertEquals(303, login(browser).statusCode());
        assertTrue(browser.navigate(app.url("/x")).body().contains("email=alice@example.com"));
        DemoUser alice = DemoUser.alice();
        Map<String, Object> changed = new HashMap<>(alice.claims());
        changed.put("email", "alice@new.example");
        provider.devProvider().putUser(new DemoUser(alice.username(), alice.password(), alice.subject(), changed));
        clock.advance(Duration.ofMinutes(5).minusSeconds(20));
        HttpResponse<String> page = browser.navigate(app.url("/x"));
        assertTrue(page.body().contains("email=alice@new.example"),
                "the UserInfo answer of the refresh, not the login's merged claims: " + page.body());
    }

    @Test
    void accessRuleWhenOnlyTheUserinfoAnswerStatesAcrAndAuthTimeThenTheStepUpIsStillAsked() throws Exception {
        // a UserInfo attribute (which some providers let users edit) is no proof of how the user authenticated:
        // acr: and max-age: rules read the ID token's own acr and auth_time
        Browser browser = start(Map.of("userinfo", "true", "response-type", "code",
                "access-rules", "/billing/*=acr:mfa; /transfer=max-age:300"));
        DemoUser alice = DemoUser.alice();
        Map<String, Object> planted = new HashMap<>(alice.claims());
        planted.put("acr", "mfa");
        planted.put("auth_time", Instant.now().plus(Duration.ofDays(3650)).getEpochSecond());
        provider.devProvider().putUser(new DemoUser(alice.username(), alice.password(), alice.subject(), planted));
        provider.faults().idTokenCustomizer((stage, claims) -> {
            claims.unsetClaim("acr");
            claims.unsetClaim("auth_time");
        });
        assertEquals(303, login(browser).statusCode());

        HttpResponse<String> billing = browser.navigate(app.url("/billing/1"));
        HttpResponse<String> transfer = browser.navigate(app.url("/transfer"));

        assertEquals(302, billing.statusCode(), billing.body());
        assertTrue(Browser.location(billing).contains("acr_values=mfa"), Browser.location(billing));
        assertEquals(302, transfer.statusCode(), transfer.body());
        assertTrue(Browser.location(transfer).contains("max_age=300"), Browser.location(transfer));
    }
}
