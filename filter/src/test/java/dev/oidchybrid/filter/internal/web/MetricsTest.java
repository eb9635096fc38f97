package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.observe.FilterMetricsMXBean;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.JMX;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meters end to end: each event driven for real (the filter in Jetty, the development provider, one clock for
 * both), then read from a Micrometer registry added to the global one and from the filter's MBean, which must
 * agree. Names and tags are those README.md lists.
 */
class MetricsTest {

    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final String MBEAN = "dev.oidchybrid:type=OidcFilter,context=/app,name=oidc";

    private final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FilterHarness app;

    @BeforeEach
    void addRegistry() {
        Metrics.globalRegistry.add(registry);
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        Metrics.globalRegistry.remove(registry);
        registry.close();
    }

    private void start(Map<String, String> params) throws Exception {
        Map<String, String> init = new HashMap<>(params);
        init.putIfAbsent("scope", "openid profile email offline_access");
        app = new FilterHarness(init, provider.environment(), clock);
    }

    private Browser loggedIn(String user) {
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                user, user + "-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        return browser;
    }

    /** The counter's count in Micrometer, after checking the MBean counts the same. */
    private long counted(String name, String... tags) {
        // this filter's: the global registry holds the meters of every filter the tests started before
        Counter counter = registry.find(name).tags(tags).tag("filter", "oidc").counter();
        long count = counter == null ? 0 : (long) counter.count();
        assertEquals(count, mbean().getOrDefault(key(name, tags), 0L), "the MBean agrees on " + key(name, tags));
        return count;
    }

    /** The provider-call timer's count in Micrometer, after checking the MBean counts the same. */
    private long calls(String endpoint, String status, String error) {
        String[] tags = {"endpoint", endpoint, "status", status, "error", error};
        Timer timer = registry.find("oidc.provider.calls").tags(tags).tag("filter", "oidc").timer();
        long count = timer == null ? 0 : timer.count();
        assertEquals(count, mbean().getOrDefault(key("oidc.provider.calls", tags), 0L));
        return count;
    }

    private static String key(String name, String... tags) {
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < tags.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(tags[i]).append('=').append(tags[i + 1]);
        }
        return key.append('}').toString();
    }

    private static Map<String, Long> mbean() {
        try {
            return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), new ObjectName(MBEAN),
                    FilterMetricsMXBean.class).getCounters();
        } catch (javax.management.MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loginWhenCompletedThenStartedCompletedAndEachProviderCallCounted() throws Exception {
        start(Map.of());
        assertEquals(1, calls("discovery", "200", "none"), "discovery at init");
        Browser browser = new Browser();
        HttpResponse<String> toProvider = browser.navigate(app.url("/x"));
        assertEquals(1, counted("oidc.logins.started", "kind", "new"));
        browser.submit(browser.signInAtProvider(toProvider, "alice", "alice-password"));
        assertEquals(1, counted("oidc.logins", "outcome", "completed", "error", "none"));
        assertEquals(1, calls("token", "200", "none"));
        assertEquals(1, calls("jwks", "200", "none"));
        assertEquals(1, counted("oidc.jwks.fetches", "cause", "initial"));
        Timer token = registry.find("oidc.provider.calls").tags("endpoint", "token", "status", "200", "error", "none",
                "filter", "oidc").timer();
        assertTrue(token.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0, "the call's latency is recorded");
        assertEquals("oidc", token.getId().getTag("filter"));
    }

    @Test
    void stepUpWhenAPathNeedsAnotherAcrThenStartedAsStepUp() throws Exception {
        start(Map.of("access-rules", "/billing/*=acr:mfa; /*=authenticated"));
        Browser browser = loggedIn("alice");
        assertEquals(302, browser.navigate(app.url("/billing/7")).statusCode());
        assertEquals(1, counted("oidc.logins.started", "kind", "step_up"));
        assertEquals(1, counted("oidc.logins.started", "kind", "new"));
    }

    @Test
    void metersWhenAnyEventThenNoTagNamesAUserAnAddressOrAPath() throws Exception {
        start(Map.of());
        Browser browser = loggedIn("alice");
        browser.navigate(app.url("/x?revokeSubject=alice-0001"));
        Set<String> tagKeys = new TreeSet<>();
        for (Meter meter : registry.getMeters()) {
            meter.getId().getTags().forEach(tag -> {
                tagKeys.add(tag.getKey());
                assertTrue(!tag.getValue().contains("alice") && !tag.getValue().contains("127.0.0.1")
                        && !tag.getValue().contains("/"), meter.getId() + " carries " + tag);
            });
        }
        assertTrue(Set.of("filter", "kind", "outcome", "error", "reason", "cause", "source", "end_session",
                "endpoint", "status").containsAll(tagKeys), tagKeys.toString());
    }

    @Test
    void callbackWhenNoLoginStartedInThisBrowserThenRefusedByReasonAndNoLoginFailed() throws Exception {
        start(Map.of());
        HttpResponse<String> forged = new Browser().postForm(app.url("/callback"), Map.of("state", "forged-state",
                "code", "forged-code"));
        assertEquals(400, forged.statusCode());
        assertEquals(1, counted("oidc.callbacks.refused", "reason", "invalid_state"));
        assertEquals(0.0, registry.find("oidc.logins").tag("outcome", "failed").counters().stream()
                .mapToDouble(Counter::count).sum(), "a refused callback is no failed login");
    }

    @Test
    void loginWhenIdTokenForAnotherAudienceThenFailedWithItsErrorCode() throws Exception {
        start(Map.of());
        provider.faults().idTokenCustomizer((stage, claims) -> claims.setAudience("another-client"));
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(401, callback.statusCode());
        assertEquals(1, counted("oidc.logins", "outcome", "failed", "error", "invalid_id_token"));
        assertEquals(0, counted("oidc.logins", "outcome", "completed", "error", "none"));
    }

    @Test
    void loginWhenTokenEndpointAnswers500ThenTheCallCountedWithStatusAndError() throws Exception {
        start(Map.of());
        provider.faults().tokenEndpointError(500, "server_error");
        Browser browser = new Browser();
        browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")), "alice", "alice-password"));
        assertEquals(1, calls("token", "500", "op_bad_response"));
        assertEquals(1, counted("oidc.logins", "outcome", "failed", "error", "op_bad_response"));
    }

    @Test
    void loginWithUserinfoAndParThenThoseCallsCounted() throws Exception {
        start(Map.of("userinfo", "true", "par", "true"));
        loggedIn("alice");
        assertEquals(1, calls("par", "201", "none"));
        assertEquals(1, calls("userinfo", "200", "none"));
    }

    @Test
    void refreshWhenDueThenOk() throws Exception {
        start(Map.of());
        Browser browser = loggedIn("alice");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode());
        assertEquals(1, counted("oidc.refreshes", "outcome", "ok"));
        assertEquals(2, calls("token", "200", "none"), "the code grant and the refresh grant");
    }

    @Test
    void refreshWhenInvalidGrantThenCountedAndTheSessionRevoked() throws Exception {
        start(Map.of());
        Browser browser = loggedIn("alice");
        provider.faults().tokenEndpointError(400, "invalid_grant");
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(10));
        assertEquals(302, browser.navigate(app.url("/x")).statusCode());
        assertEquals(1, counted("oidc.refreshes", "outcome", "invalid_grant"));
        assertEquals(1, counted("oidc.sessions.revoked", "source", "refresh_refused"));
        assertEquals(1, calls("token", "400", "op_error"));
    }

    @Test
    void refreshWhenProviderTooSlowThenProviderDownAndTheCallTimedOut() throws Exception {
        start(Map.of("read-timeout", "500"));
        Browser browser = loggedIn("alice");
        provider.faults().tokenEndpointDelay(Duration.ofSeconds(3));
        clock.advance(ACCESS_TOKEN_LIFETIME.minusSeconds(30));
        assertEquals(200, browser.navigate(app.url("/x")).statusCode(), "still valid: served with the old token");
        assertEquals(1, counted("oidc.refreshes", "outcome", "provider_down"));
        assertEquals(1, calls("token", "none", "op_timeout"));
    }

    @Test
    void backChannelLogoutWhenValidThenAcceptedAndRevokedWhenReplayedThenRefused() throws Exception {
        start(Map.of());
        loggedIn("alice");
        String token = provider.devProvider().logoutToken("alice-0001", null);
        LogSafety.secret(token);
        URI endpoint = URI.create(app.url("/backchannel-logout"));
        assertEquals(200, provider.devProvider().sendBackChannelLogout(endpoint, token));
        assertEquals(400, provider.devProvider().sendBackChannelLogout(endpoint, token));
        assertEquals(1, counted("oidc.backchannel.logouts", "outcome", "accepted", "reason", "none"));
        assertEquals(1, counted("oidc.backchannel.logouts", "outcome", "refused", "reason", "invalid_request"));
        assertEquals(1, counted("oidc.sessions.revoked", "source", "backchannel"));
    }

    @Test
    void revocationByTheApplicationThenCountedAsApplication() throws Exception {
        start(Map.of());
        Browser browser = loggedIn("alice");
        assertEquals(200, browser.navigate(app.url("/x?revokeSubject=alice-0001")).statusCode());
        assertEquals(1, counted("oidc.sessions.revoked", "source", "application"));
    }

    @Test
    void logoutWhenTheProviderHasAnEndSessionEndpointThenCountedAsSentThere() throws Exception {
        start(Map.of());
        Browser browser = loggedIn("alice");
        HttpResponse<String> logout = browser.navigate(app.url("/logout"));
        assertEquals(302, logout.statusCode());
        assertEquals(1, counted("oidc.logouts", "end_session", "true"));
        assertEquals(0, registry.find("oidc.provider.calls").tag("endpoint", "end_session").timers().stream()
                .mapToLong(Timer::count).sum(),
                "the browser goes to end_session, the server does not call it");
    }

    @Test
    void jwksWhenTheSigningKeyRotatesThenRefetchedForTheUnknownKid() throws Exception {
        start(Map.of());
        loggedIn("alice");
        provider.faults().rotateSigningKey();
        loggedIn("bob");
        assertEquals(1, counted("oidc.jwks.fetches", "cause", "unknown_kid"));
    }

    @Test
    void jwksWhenTheCachedSetIsOlderThanItsLifetimeThenFetchedAsExpired() throws Exception {
        start(Map.of());
        loggedIn("alice");
        clock.advance(FilterAssembly.JWKS_MAX_AGE.plusMinutes(1));
        loggedIn("bob");
        assertEquals(1, counted("oidc.jwks.fetches", "cause", "expired"));
        assertEquals(2, calls("jwks", "200", "none"));
    }

    @Test
    void bearerModeWhenTokensValidMissingOrForgedThenAcceptedAndRefusedByReason() throws Exception {
        app = new FilterHarness(Map.of("mode", "bearer", "audience", "orders:api"), provider.environment(), clock);
        String token = provider.devProvider().accessToken(DemoUser.alice(), "orders:api", List.of("read"));
        LogSafety.secret(token);
        Browser client = new Browser();
        assertEquals(200, client.get(app.url("/orders"), "Authorization", "Bearer " + token).statusCode());
        assertEquals(401, client.get(app.url("/orders")).statusCode());
        assertEquals(401, client.get(app.url("/orders"), "Authorization", "Bearer not-a-token").statusCode());
        assertEquals(1, counted("oidc.bearer.requests", "outcome", "accepted", "reason", "none"));
        assertEquals(1, counted("oidc.bearer.requests", "outcome", "refused", "reason", "missing_token"));
        assertEquals(1, counted("oidc.bearer.requests", "outcome", "refused", "reason", "invalid_token"));
    }
}
