package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static dev.oidchybrid.filter.internal.web.PushedAuthorizationRequestTest.logSince;
import static dev.oidchybrid.filter.internal.web.PushedAuthorizationRequestTest.redirectParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A provider that requires pushed authorization requests (RFC 9126 §5): {@code par=auto} follows discovery. */
class PushedAuthorizationRequiredTest {

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder()
            .requirePushedAuthorizationRequests(true));

    private static HttpResponse<String> login(Browser browser, HttpResponse<String> redirect) {
        return browser.submit(browser.signInAtProvider(redirect, "alice", "alice-password"));
    }

    @Test
    void loginWhenProviderRequiresParAndParAutoThenPushedAndLoggedIn() throws Exception {
        int atStart = LogSafety.records().size();
        try (FilterHarness app = new FilterHarness(Map.of(), provider.environment())) {
            assertTrue(logSince(atStart).stream().noneMatch(l -> l.contains("ERROR par")), logSince(atStart)::toString);
            Browser browser = new Browser();
            int pushes = provider.counters().par();
            HttpResponse<String> redirect = browser.navigate(app.url("/x?a=1"));
            assertEquals(Set.of("client_id", "request_uri"), redirectParameters(redirect));
            assertEquals(pushes + 1, provider.counters().par());
            HttpResponse<String> done = login(browser, redirect);
            assertEquals(303, done.statusCode(), done.body());
            assertTrue(Browser.location(done).endsWith("/app/x?a=1"), Browser.location(done));
            assertTrue(browser.navigate(app.url("/x")).body().contains("user=alice-0001"));
        }
    }

    @Test
    void loginWhenTwoTabsLogInThenEachPushesItsOwnRequest() throws Exception {
        try (FilterHarness app = new FilterHarness(Map.of(), provider.environment())) {
            Browser browser = new Browser();
            int pushes = provider.counters().par();
            HttpResponse<String> first = browser.navigate(app.url("/one"));
            HttpResponse<String> second = browser.navigate(app.url("/two"));
            assertEquals(pushes + 2, provider.counters().par(), "a request_uri is never reused");
            assertEquals(303, login(browser, second).statusCode());
            HttpResponse<String> done = login(browser, first);
            assertEquals(303, done.statusCode(), done.body());
        }
    }

    @Test
    void loginWhenProviderRequiresParAndParFalseThenSelfCheckErrorAndTheProviderRefuses() throws Exception {
        int atStart = LogSafety.records().size();
        try (FilterHarness app = new FilterHarness(Map.of("par", "false"), provider.environment())) {
            assertTrue(logSince(atStart).stream().anyMatch(l -> l.contains("OIDC self-check: ERROR par: par=false")),
                    logSince(atStart)::toString);
            Browser browser = new Browser();
            HttpResponse<String> redirect = browser.navigate(app.url("/x"));
            assertTrue(redirectParameters(redirect).contains("state"), "not pushed");
        }
    }
}
