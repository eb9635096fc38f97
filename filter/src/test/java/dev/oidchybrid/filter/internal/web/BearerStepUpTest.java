package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.client.StepUpRequiredException;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code access-rules} in bearer mode: RFC 9470 §3's {@code insufficient_user_authentication} challenge for a token
 * whose {@code acr} or {@code auth_time} does not do, RFC 6750's {@code insufficient_scope} and a plain 403 otherwise.
 */
class BearerStepUpTest {

    private static final String AUDIENCE = "payments:api";
    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(Duration.ofHours(1)));
    private FilterHarness api;
    private FilterHarness webApp;

    @BeforeEach
    void start() throws Exception {
        api = new FilterHarness(Map.of("mode", "bearer", "audience", AUDIENCE, "roles-claim", DevProvider.ROLES_CLAIM,
                "access-rules", "/payments/*=acr:mfa|hwk; /recent/*=max-age:120; /admin/*=claim:sub=alice-0001; "
                        + "/write/*=scope:write"), provider.environment(), clock, "/api");
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        if (webApp != null) {
            webApp.close();
        }
    }

    private String token(DemoUser user) {
        String token = provider.devProvider().accessToken(user, AUDIENCE, List.of("openid"));
        LogSafety.secret(token);
        return token;
    }

    private HttpResponse<String> call(String path, String token) {
        return new Browser().get(api.url(path), "Authorization", "Bearer " + token);
    }

    private static String challenge(HttpResponse<String> answer) {
        return answer.headers().firstValue("WWW-Authenticate").orElse("");
    }

    @Test
    void acrRuleWhenTokenHasNoAcrThen401InsufficientUserAuthenticationWithAcrValues() {
        HttpResponse<String> answer = call("/payments/1", token(DemoUser.alice()));
        assertEquals(401, answer.statusCode());
        assertEquals("Bearer realm=\"" + AUDIENCE + "\", error=\"insufficient_user_authentication\", "
                + "error_description=\"A different authentication level is required\", acr_values=\"mfa hwk\"",
                challenge(answer));
        assertEquals("{\"error\":\"insufficient_user_authentication\"}", answer.body());
        StepUpRequiredException read = StepUpRequiredException.fromChallenges(List.of(challenge(answer)))
                .orElseThrow();
        assertEquals(List.of("mfa", "hwk"), read.acrValues(), "the client side reads what the API side writes");
    }

    @Test
    void acrRuleWhenTokenFromAStepUpLoginThenPasses() throws Exception {
        webApp = new FilterHarness(Map.of("audience", AUDIENCE, "acr-values", "hwk"), provider.environment(), clock);
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(webApp.url("/x")), "alice", "alice-password"));
        String token = browser.navigate(webApp.url("/x?at")).body().lines()
                .filter(l -> l.startsWith("rawAccessToken=")).map(l -> l.substring(15)).findFirst().orElseThrow();
        LogSafety.secret(token);
        HttpResponse<String> answer = call("/payments/1", token);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("user=alice-0001"));
    }

    @Test
    void maxAgeRuleWhenAuthTimeTooOldThen401WithMaxAgeElsePasses() {
        String token = token(DemoUser.alice());
        assertEquals(200, call("/recent/1", token).statusCode());
        clock.advance(Duration.ofSeconds(120 + 61));
        HttpResponse<String> answer = call("/recent/1", token);
        assertEquals(401, answer.statusCode());
        assertEquals("Bearer realm=\"" + AUDIENCE + "\", error=\"insufficient_user_authentication\", "
                + "error_description=\"More recent authentication is required\", max_age=\"120\"", challenge(answer));
        assertEquals(OptionalLong.of(120), StepUpRequiredException.fromChallenges(List.of(challenge(answer)))
                .orElseThrow().maxAge());
    }

    @Test
    void claimRuleWhenTokenLacksTheClaimThen403ForbiddenElsePasses() {
        assertEquals(200, call("/admin/1", token(DemoUser.alice())).statusCode());
        HttpResponse<String> answer = call("/admin/1", token(DemoUser.bob()));
        assertEquals(403, answer.statusCode());
        assertEquals("{\"error\":\"forbidden\"}", answer.body());
        assertEquals("Bearer realm=\"" + AUDIENCE + "\"", challenge(answer));
    }

    @Test
    void scopeRuleWhenTokenLacksTheScopeThen403InsufficientScope() {
        HttpResponse<String> answer = call("/write/1", token(DemoUser.alice()));
        assertEquals(403, answer.statusCode());
        assertEquals("Bearer realm=\"" + AUDIENCE + "\", error=\"insufficient_scope\", scope=\"write\"",
                challenge(answer));
        String wide = provider.devProvider().accessToken(DemoUser.alice(), AUDIENCE, List.of("openid", "write"));
        LogSafety.secret(wide);
        assertEquals(200, call("/write/1", wide).statusCode());
    }

    @Test
    void apiStepUpWhenACalledApiAsksForItThenRelayedAsThe401Challenge() {
        HttpResponse<String> answer = call("/other?apiNeedsAcr=hwk&wrapped", token(DemoUser.bob()));
        assertEquals(401, answer.statusCode());
        assertEquals("Bearer realm=\"" + AUDIENCE + "\", error=\"insufficient_user_authentication\", "
                + "error_description=\"A different authentication level is required\", acr_values=\"hwk\"",
                challenge(answer));
        assertEquals("{\"error\":\"insufficient_user_authentication\"}", answer.body(), "what the servlet wrote is gone");
    }

    @Test
    void rulesWhenPathHasNoRuleThenAValidTokenIsEnough() {
        assertEquals(200, call("/other", token(DemoUser.bob())).statusCode());
    }
}
