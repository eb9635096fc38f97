package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.SignatureFault;
import dev.oidchybrid.testkit.TokenStage;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failures relying parties report most, each with its own operator log line and a user page with a way to
 * try again; and the stale or replayed callbacks that need no error page at all.
 */
class DiagnosableFailuresTest {

    private static FilterHarness app(DevProvider provider, Map<String, String> params, Clock clock, String secret)
            throws Exception {
        return new FilterHarness(params, Map.of("OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID",
                DevProvider.DEMO_CLIENT_ID, "OIDC_CLIENT_SECRET", secret), clock);
    }

    private static FilterHarness app(DevProvider provider) throws Exception {
        return app(provider, Map.of(), Clock.systemUTC(), DevProvider.DEMO_CLIENT_SECRET);
    }

    /** A callback's answer and the log lines written while it was handled. */
    private record Outcome(HttpResponse<String> page, List<String> log) {
    }

    /** Opens {@code path} of the app and signs in as alice at the provider: the form_post, not yet submitted. */
    private static Browser.FormPost signIn(Browser browser, FilterHarness app, String path) {
        return browser.signInAtProvider(browser.navigate(app.url(path)), "alice", "alice-password");
    }

    private static Outcome submit(Browser browser, Browser.FormPost form) {
        int before = LogSafety.records().size();
        HttpResponse<String> page = browser.submit(form);
        List<String> all = LogSafety.records();
        return new Outcome(page, all.subList(before, all.size()));
    }

    private static void assertLogged(List<String> lines, String expected) {
        assertTrue(lines.stream().anyMatch(l -> l.contains(expected)), () -> "expected «" + expected + "» in "
                + lines);
    }

    private static void assertErrorPageWithRetryLink(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("<code>" + code + "</code>"), response.body());
        assertTrue(response.body().contains(">Try again</a>"), response.body());
        assertTrue(!response.body().contains("Exception") && !response.body().contains(" at "), response.body());
    }

    @Test
    void callbackWithoutItsStateCookieNamesTheLikelyCausesAndOffersARetry() throws Exception {
        try (DevProvider provider = DevProvider.startDefault(); FilterHarness app = app(provider)) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/x");
            browser.cookies().stream().map(c -> c.getName()).filter(n -> n.contains("oidc_login")).toList()
                    .forEach(browser::forget);
            Outcome outcome = submit(browser, form);
            HttpResponse<String> page = outcome.page();
            List<String> log = outcome.log();
            assertErrorPageWithRetryLink(page, 400, "invalid_state");
            assertLogged(log, "login-state cookie missing on the callback to http://127.0.0.1");
            assertLogged(log, "SameSite=None needs Secure");
        }
    }

    @Test
    void callbackSubmittedAgainFromASignedInBrowserGoesOnWithoutAnError() throws Exception {
        try (DevProvider provider = DevProvider.startDefault(); FilterHarness app = app(provider)) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/orders?id=7");
            assertEquals(303, browser.submit(form).statusCode());
            HttpResponse<String> again = browser.submit(form);
            assertEquals(303, again.statusCode(), again.body());
            assertEquals("/app/", Browser.location(again));
            HttpResponse<String> anonymousAgain = new Browser().submit(form);
            assertEquals(400, anonymousAgain.statusCode(), "without a session the replay is still refused");
        }
    }

    @Test
    void staleLoginIsStartedAgainOnceToTheSamePage() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (DevProvider provider = DevProvider.startDefault();
             FilterHarness app = app(provider, Map.of("login-timeout", "30"), clock, DevProvider.DEMO_CLIENT_SECRET)) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/orders?id=7");
            clock.advance(Duration.ofSeconds(31));
            HttpResponse<String> restarted = browser.submit(form);
            assertEquals(303, restarted.statusCode(), restarted.body());
            assertTrue(Browser.location(restarted).startsWith(provider.issuer() + "/authorize?"),
                    Browser.location(restarted));
            // the provider still knows the user: it answers at once, and the login completes to the same page
            HttpResponse<String> callback = browser.submit(browser.signInAtProvider(restarted, "alice",
                    "alice-password"));
            assertEquals(303, callback.statusCode(), callback.body());
            assertEquals("/app/orders?id=7", Browser.location(callback));
        }
    }

    @Test
    void restartedLoginThatGoesStaleAgainShowsTheErrorPage() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (DevProvider provider = DevProvider.startDefault();
             FilterHarness app = app(provider, Map.of("login-timeout", "30"), clock, DevProvider.DEMO_CLIENT_SECRET)) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/x");
            clock.advance(Duration.ofSeconds(31));
            HttpResponse<String> restarted = browser.submit(form);
            Browser.FormPost second = browser.signInAtProvider(restarted, "alice", "alice-password");
            clock.advance(Duration.ofSeconds(31));
            assertErrorPageWithRetryLink(browser.submit(second), 400, "invalid_state");
        }
    }

    @Test
    void serverClockBehindTheProviderIsReportedWithTheOffset() throws Exception {
        Clock providerClock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(300));
        try (DevProvider provider = DevProvider.builder().clock(providerClock).build().start();
             FilterHarness app = app(provider)) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/x");
            Outcome outcome = submit(browser, form);
            HttpResponse<String> page = outcome.page();
            List<String> log = outcome.log();
            assertErrorPageWithRetryLink(page, 401, "invalid_id_token");
            assertTrue(log.stream().anyMatch(l -> Pattern.compile("this server's clock is at least (29[89]|30[01]) s "
                    + "behind the provider's").matcher(l).find()), log::toString);
        }
    }

    @Test
    void serverClockAheadOfTheProviderIsReportedWithTheOffset() throws Exception {
        Clock providerClock = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        try (DevProvider provider = DevProvider.builder().clock(providerClock).build().start();
             FilterHarness app = app(provider)) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/x");
            List<String> log = submit(browser, form).log();
            assertTrue(log.stream().anyMatch(l -> Pattern.compile("this server's clock is about (719[89]|720[01]) s "
                    + "ahead of the provider's").matcher(l).find()), log::toString);
        }
    }

    @Test
    void unknownKidAfterARefetchNamesTheKidAndThePublishedOnes() throws Exception {
        try (DevProvider provider = DevProvider.startDefault(); FilterHarness app = app(provider)) {
            provider.faults().signatureFault(TokenStage.FRONT_CHANNEL, SignatureFault.UNKNOWN_KID);
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/x");
            Outcome outcome = submit(browser, form);
            HttpResponse<String> page = outcome.page();
            List<String> log = outcome.log();
            assertErrorPageWithRetryLink(page, 401, "invalid_id_token");
            assertLogged(log, "even after fetching the key set again");
            assertLogged(log, "(the JWKS has kids ['");
        }
    }

    @Test
    void tokenEndpointRefusingTheClientSaysWhichSettingsToCheck() throws Exception {
        try (DevProvider provider = DevProvider.startDefault();
             FilterHarness app = app(provider, new HashMap<>(), Clock.systemUTC(), "not-the-secret-of-this-client")) {
            Browser browser = new Browser();
            Browser.FormPost form = signIn(browser, app, "/x");
            Outcome outcome = submit(browser, form);
            HttpResponse<String> page = outcome.page();
            List<String> log = outcome.log();
            assertErrorPageWithRetryLink(page, 400, "op_error");
            assertTrue(page.body().contains("invalid_client"), page.body());
            assertLogged(log, "invalid_client");
            assertLogged(log, "check client-id, client-secret and client-auth");
        }
    }
}
