package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Step-up authentication (RFC 9470, OpenID Connect Core 1.0 §3.1.2.1) against the development provider: rules with
 * {@code acr:} and {@code max-age:}, and an application that lets {@code StepUpRequiredException} out of the chain.
 */
class StepUpLoginTest {

    private static final String RULES = "/billing/*=acr:mfa|hwk; /transfer=max-age:300; /*=authenticated";
    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(Duration.ofHours(1)).idTokenLifetime(Duration.ofHours(1)));
    private FilterHarness app;
    private Browser alice;

    @BeforeEach
    void signIn() throws Exception {
        app = new FilterHarness(Map.of("access-rules", RULES), provider.environment(), clock);
        alice = new Browser();
        assertEquals(303, alice.submit(alice.signInAtProvider(alice.navigate(app.url("/home")), "alice",
                "alice-password")).statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private static Map<String, String> query(HttpResponse<String> redirect) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(Browser.location(redirect)).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private void assertStepUpRefusedPage(HttpResponse<String> answer) {
        assertEquals(403, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Location").isEmpty(), "no further redirect");
        assertTrue(answer.body().contains("<code>insufficient_user_authentication</code>"), answer.body());
    }

    @Test
    void stepUpWhenAcrMissingThenAuthorizationRequestWithAcrValuesAndBackToTheSameUrl() {
        HttpResponse<String> toProvider = alice.navigate(app.url("/billing/7?month=3"));
        assertEquals(302, toProvider.statusCode());
        Map<String, String> params = query(toProvider);
        assertEquals("mfa hwk", params.get("acr_values"));
        assertNull(params.get("prompt"), "the provider decides whether the current login has the acr");
        assertNull(params.get("max_age"));

        HttpResponse<String> back = alice.submit(alice.signInAtProvider(toProvider, "alice", "alice-password"));
        assertEquals(303, back.statusCode());
        assertEquals("/app/billing/7?month=3", Browser.location(back));
        assertTrue(hasStepUpCookie(), "the step-up is remembered while it runs");
        HttpResponse<String> page = alice.navigate(app.url("/billing/7?month=3"));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("acr=mfa"), page.body());
        assertTrue(page.body().contains("user=alice-0001"));
        assertFalse(hasStepUpCookie(), "and forgotten once the page's rule holds");
    }

    private boolean hasStepUpCookie() {
        return alice.cookies().stream().anyMatch(c -> c.getName().contains(StepUpAttempts.COOKIE));
    }

    @Test
    void stepUpWhenAuthTimeTooOldThenMaxAgeAndPromptLoginAndAFreshLoginPasses() {
        assertEquals(200, alice.navigate(app.url("/transfer")).statusCode(), "a login of a moment ago is recent");
        clock.advance(Duration.ofSeconds(300 + 61));
        HttpResponse<String> toProvider = alice.navigate(app.url("/transfer"));
        assertEquals(302, toProvider.statusCode());
        Map<String, String> params = query(toProvider);
        assertEquals("300", params.get("max_age"));
        assertEquals("login", params.get("prompt"));
        assertNull(params.get("acr_values"));

        HttpResponse<String> back = alice.submit(alice.signInAtProvider(toProvider, "alice", "alice-password"));
        assertEquals("/app/transfer", Browser.location(back));
        assertEquals(200, alice.navigate(app.url("/transfer")).statusCode());
    }

    @Test
    void stepUpWhenProviderIgnoresAcrValuesThenClearPageOldSessionKeptAndNoSecondRedirect() {
        provider.faults().acrOverride("pwd");
        HttpResponse<String> toProvider = alice.navigate(app.url("/billing/1"));
        assertEquals(302, toProvider.statusCode());
        HttpResponse<String> callback = alice.submit(alice.signInAtProvider(toProvider, "alice", "alice-password"));
        assertStepUpRefusedPage(callback);

        assertStepUpRefusedPage(alice.navigate(app.url("/billing/1")));
        HttpResponse<String> home = alice.navigate(app.url("/home"));
        assertEquals(200, home.statusCode(), "the session from before the step-up is kept");
        assertTrue(home.body().contains("acr=null"), home.body());
    }

    @Test
    void stepUpWhenProviderIgnoresMaxAgeThenRefusedAtTheCallback() {
        clock.advance(Duration.ofSeconds(300 + 61));
        provider.faults().ignoreMaxAge(true);
        HttpResponse<String> toProvider = alice.navigate(app.url("/transfer"));
        assertEquals(302, toProvider.statusCode());
        assertStepUpRefusedPage(alice.submit(alice.signInAtProvider(toProvider, "alice", "alice-password")));
        assertStepUpRefusedPage(alice.navigate(app.url("/transfer")));
    }

    @Test
    void stepUpWhenXhrThen401JsonNamingWhatIsNeededAndNoLogin() {
        HttpResponse<String> answer = alice.get(app.url("/billing/1"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(401, answer.statusCode());
        assertEquals("{\"acr_values\":\"mfa hwk\",\"error\":\"insufficient_user_authentication\"}", answer.body());
        String challenge = answer.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.contains("error=\"insufficient_user_authentication\"")
                && challenge.contains("acr_values=\"mfa hwk\""), challenge);
        assertTrue(answer.headers().allValues("Set-Cookie").isEmpty(), "no login state for a request that cannot go");
    }

    @Test
    void stepUpWhenStartedThenAtMostOnceForThatPageWithinTheWindow() {
        HttpResponse<String> first = alice.navigate(app.url("/billing/1"));
        assertEquals(302, first.statusCode());
        // the user comes back without finishing (closed the provider's tab): no second round at once
        assertStepUpRefusedPage(alice.navigate(app.url("/billing/1")));
        assertEquals(302, alice.navigate(app.url("/billing/2")).statusCode(), "another page may step up");
        clock.advance(StepUpAttempts.WINDOW);
        assertEquals(302, alice.navigate(app.url("/billing/1")).statusCode(), "after the window it may again");
    }

    @Test
    void apiStepUpWhenExceptionLeavesTheChainThenStepUpLoginAndBackToTheSamePage() {
        HttpResponse<String> toProvider = alice.navigate(app.url("/report?apiNeedsAcr=hwk"));
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        assertFalse(toProvider.body().contains("output the filter must discard"));
        assertEquals("hwk", query(toProvider).get("acr_values"));
        HttpResponse<String> back = alice.submit(alice.signInAtProvider(toProvider, "alice", "alice-password"));
        assertEquals("/app/report?apiNeedsAcr=hwk", Browser.location(back));
        HttpResponse<String> page = alice.navigate(app.url("/report?apiNeedsAcr=hwk"));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("acr=hwk"));
    }

    @Test
    void apiStepUpWhenWrappedInAServletExceptionThenStillAStepUp() {
        HttpResponse<String> toProvider = alice.navigate(app.url("/report?apiNeedsAcr=hwk&wrapped"));
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        assertEquals("hwk", query(toProvider).get("acr_values"));
    }

    @Test
    void apiStepUpWhenXhrThen401Json() {
        HttpResponse<String> answer = alice.get(app.url("/report?apiNeedsAcr=hwk"), "Sec-Fetch-Mode", "cors");
        assertEquals(401, answer.statusCode());
        assertEquals("{\"acr_values\":\"hwk\",\"error\":\"insufficient_user_authentication\"}", answer.body());
    }

    @Test
    void apiStepUpWhenProviderIgnoresItThenClearPageInsteadOfALoop() {
        provider.faults().acrOverride("pwd");
        HttpResponse<String> toProvider = alice.navigate(app.url("/report?apiNeedsAcr=hwk"));
        assertStepUpRefusedPage(alice.submit(alice.signInAtProvider(toProvider, "alice", "alice-password")));
        assertStepUpRefusedPage(alice.navigate(app.url("/report?apiNeedsAcr=hwk")));
    }
}
