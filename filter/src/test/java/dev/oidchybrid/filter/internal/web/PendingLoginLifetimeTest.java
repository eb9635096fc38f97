package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pending login's lifetime and presence, end to end, with one clock shared by filter and provider. */
class PendingLoginLifetimeTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock));
    private FilterHarness app;

    @BeforeEach
    void start() throws Exception {
        app = new FilterHarness(Map.of("login-timeout", "120"), provider.environment(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void callbackWhenTheLoginStartedLongerAgoThanLoginTimeoutThenStartedAgainWithoutCodeExchange() {
        Browser browser = new Browser();
        HttpResponse<String> toProvider = browser.navigate(app.url("/x"));
        clock.advance(Duration.ofSeconds(121));
        Browser.FormPost form = browser.signInAtProvider(toProvider, "alice", "alice-password");
        int grants = provider.counters().token();
        HttpResponse<String> callback = browser.submit(form);
        assertEquals(303, callback.statusCode(), "a stale login starts again once (DiagnosableFailuresTest)");
        assertTrue(Browser.location(callback).startsWith(provider.issuer() + "/authorize?"));
        assertEquals(grants, provider.counters().token(), "the stale callback's code is never redeemed");
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "no session");
    }

    @Test
    void callbackWhenStateMissingThenInvalidStateWithoutCodeExchange() {
        Browser browser = new Browser();
        Browser.FormPost form = browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password");
        Map<String, String> fields = new HashMap<>(form.fields());
        fields.remove("state");
        int grants = provider.counters().token();
        HttpResponse<String> callback = browser.postForm(form.action(), fields);
        assertEquals(400, callback.statusCode());
        assertTrue(callback.body().contains("invalid_state"));
        assertEquals(grants, provider.counters().token());
        assertEquals(302, browser.navigate(app.url("/x")).statusCode(), "no session");
    }
}
