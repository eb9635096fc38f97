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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A form kept by {@code preserve-post} lives as long as its login: a login that went stale and is started again
 * takes the form along (bound to the new state), and one that cannot go on any more replays nothing.
 */
class PreservePostRestartTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock));
    private FilterHarness app;

    @BeforeEach
    void start() throws Exception {
        app = new FilterHarness(Map.of("login-timeout", "120", "preserve-post", "true"), provider.environment(),
                clock);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private HttpResponse<String> submitForm(Browser browser) {
        return browser.post(app.url("/orders"), PostPreservation.FORM, "item=apple&item=pear", "Accept",
                Browser.HTML_ACCEPT, "Origin", "http://127.0.0.1:" + app.port(), "Sec-Fetch-Site", "same-origin",
                "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document");
    }

    @Test
    void keptFormWhenItsLoginWentStaleAndStartedAgainThenReplayedByTheNewLogin() {
        Browser browser = new Browser();
        HttpResponse<String> toProvider = submitForm(browser);
        assertEquals(303, toProvider.statusCode(), toProvider.body());
        clock.advance(Duration.ofSeconds(121));

        HttpResponse<String> restarted = browser.submit(browser.signInAtProvider(toProvider, "alice",
                "alice-password"));
        assertEquals(303, restarted.statusCode(), "the stale login starts again: " + restarted.body());
        assertTrue(Browser.location(restarted).startsWith(provider.issuer() + "/authorize?"));
        HttpResponse<String> page = browser.submit(browser.signInAtProvider(restarted, "alice", "alice-password"));

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("name=\"item\" value=\"apple\"><input type=\"hidden\" name=\"item\" "
                + "value=\"pear\">"), page.body());
    }

    @Test
    void keptFormWhenTheRestartedLoginGoesStaleTooThenNothingIsReplayed() {
        Browser browser = new Browser();
        HttpResponse<String> toProvider = submitForm(browser);
        clock.advance(Duration.ofSeconds(121));
        HttpResponse<String> restarted = browser.submit(browser.signInAtProvider(toProvider, "alice",
                "alice-password"));
        clock.advance(Duration.ofSeconds(121));

        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(restarted, "alice",
                "alice-password"));

        assertEquals(400, callback.statusCode(), callback.body());
        assertFalse(callback.body().contains("type=\"hidden\""), callback.body());
        assertFalse(browser.cookies().stream().anyMatch(c -> c.getName().contains(PreservedPostCookies.BASE)),
                "the failed login's form is removed: " + browser.cookies());
    }
}
