package dev.oidchybrid.filter.internal.web;

import com.hazelcast.core.Hazelcast;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.DevProvider;
import dev.oidchybrid.testkit.http.RawHttp;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code health-path} in a real Jetty against the development provider: 200 with the report while the provider
 * works, 503 while discovery, the keys or the JCache cluster cannot be had, the last provider error's code and time,
 * GET and HEAD only, only the exact plainly spelled path, and nothing secret in the body.
 */
class HealthEndpointTest {

    private static final String HEALTH = "/oidc-health";
    private static final String KEY = "health-endpoint-test-cookie-key-0123456789";

    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.defaults();
    private final List<FilterHarness> apps = new ArrayList<>();

    @AfterEach
    void stopApps() throws Exception {
        for (FilterHarness app : apps) {
            app.close();
        }
    }

    private FilterHarness start(Map<String, String> params) throws Exception {
        return start(params, Clock.systemUTC());
    }

    private FilterHarness start(Map<String, String> params, Clock clock) throws Exception {
        Map<String, String> all = new HashMap<>(params);
        all.putIfAbsent("health-path", HEALTH);
        FilterHarness app = new FilterHarness(all, provider.environment(), clock);
        apps.add(app);
        return app;
    }

    /** The jcache session store in the one-member Hazelcast cluster {@code config} describes. */
    private FilterHarness startWithJCache(Path config, Clock clock) throws Exception {
        return start(Map.of("session-store", "jcache", "cookie-keys", KEY,
                "jcache-provider", "com.hazelcast.cache.HazelcastMemberCachingProvider",
                "jcache-properties", "hazelcast.config.location=" + config.toUri()), clock);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JsonUtil.parseJson(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> member(Map<String, Object> json, String name) {
        return (Map<String, Object>) json.get(name);
    }

    /** The number of keys the provider publishes at its jwks_uri. */
    private static int publishedKeys() throws Exception {
        HttpResponse<String> discovery = new Browser().get(provider.issuer() + "/.well-known/openid-configuration");
        String jwksUri = (String) JsonUtil.parseJson(discovery.body()).get("jwks_uri");
        return ((List<?>) JsonUtil.parseJson(new Browser().get(jwksUri).body()).get("keys")).size();
    }

    @Test
    void healthWhenProviderWorksThenOkWithDiscoveryJwksKeyCountAndSelfCheck() throws Exception {
        FilterHarness app = start(Map.of());
        HttpResponse<String> health = new Browser().get(app.url(HEALTH));
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("no-store", health.headers().firstValue("Cache-Control").orElse(""));
        Map<String, Object> json = json(health);
        assertEquals("UP", json.get("status"));
        assertEquals(true, member(json, "discovery").get("available"));
        assertTrue(((Number) member(json, "discovery").get("age_seconds")).longValue() >= 0);
        assertEquals(true, member(json, "jwks").get("available"));
        assertEquals((long) publishedKeys(), ((Number) member(json, "jwks").get("keys")).longValue());
        assertTrue(json.containsKey("last_provider_error") && json.get("last_provider_error") == null, health.body());
        assertFalse(json.containsKey("jcache"), "no JCache configured: " + health.body());
        assertTrue(json.get("self_check") instanceof List<?>, health.body());
    }

    @Test
    void healthWhenSelfCheckFindsSomethingThenLevelAndSubjectOnlyNotTheMessage() throws Exception {
        // the provider has no end_session_endpoint: the self-check warns about logout-path
        provider.faults().discoveryCustomizer(doc -> doc.remove("end_session_endpoint"));
        FilterHarness app = start(Map.of());
        HttpResponse<String> health = new Browser().get(app.url(HEALTH));
        assertEquals(200, health.statusCode(), "a WARNING finding is not a failure: " + health.body());
        List<?> findings = (List<?>) json(health).get("self_check");
        assertTrue(findings.contains(Map.of("level", "WARNING", "subject", "logout-path")), health.body());
        assertFalse(health.body().contains("end_session_endpoint"), "the finding's text stays in the log");
    }

    @Test
    void healthWhenDiscoveryFailsThenServiceUnavailableWithTheProviderError() throws Exception {
        provider.faults().discoveryUnavailable(true);
        FilterHarness app = start(Map.of());
        HttpResponse<String> health = new Browser().get(app.url(HEALTH));
        assertEquals(503, health.statusCode(), health.body());
        assertEquals("no-store", health.headers().firstValue("Cache-Control").orElse(""));
        Map<String, Object> json = json(health);
        assertEquals("DOWN", json.get("status"));
        assertEquals(Map.of("available", false), member(json, "discovery"));
        assertEquals(false, member(json, "jwks").get("available"));
        assertEquals("op_unavailable", member(json, "last_provider_error").get("code"));
    }

    @Test
    void healthWhenJwksCannotBeFetchedThenServiceUnavailable() throws Exception {
        provider.faults().discoveryCustomizer(doc -> doc.put("jwks_uri", "http://127.0.0.1:9/jwks"));
        FilterHarness app = start(Map.of());
        HttpResponse<String> health = new Browser().get(app.url(HEALTH));
        assertEquals(503, health.statusCode(), health.body());
        Map<String, Object> json = json(health);
        assertEquals(true, member(json, "discovery").get("available"));
        assertEquals(Map.of("available", false, "keys", 0L), member(json, "jwks"));
        assertEquals("op_unavailable", member(json, "last_provider_error").get("code"));
    }

    @Test
    void healthWhenATokenRequestFailedThenLastProviderErrorHasItsCodeAndTimeAndStatusStaysUp() throws Exception {
        FilterHarness app = start(Map.of());
        provider.faults().tokenEndpointError(400, "invalid_grant");
        Instant before = Instant.now().minusSeconds(1);
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(400, callback.statusCode(), callback.body());
        HttpResponse<String> health = browser.get(app.url(HEALTH));
        assertEquals(200, health.statusCode(), "one failed token request is no outage: " + health.body());
        Map<String, Object> last = member(json(health), "last_provider_error");
        assertEquals("op_error", last.get("code"));
        assertEquals("invalid_grant", last.get("provider_error"));
        Instant at = Instant.parse((String) last.get("at"));
        assertTrue(!at.isBefore(before) && !at.isAfter(Instant.now().plusSeconds(1)), at.toString());
        assertEquals(Duration.between(at, Instant.now()).toSeconds(), ((Number) last.get("age_seconds")).longValue(),
                2);
    }

    @Test
    void healthWhenJCacheClusterIsUnreachableThenServiceUnavailable() throws Exception {
        String instance = "oidc-health-" + UUID.randomUUID();
        Path config = JCacheFailuresTest.singleMember(instance);
        MutableClock clock = new MutableClock(Instant.now());
        try {
            FilterHarness app = startWithJCache(config, clock);
            HttpResponse<String> up = new Browser().get(app.url(HEALTH));
            assertEquals(200, up.statusCode(), up.body());
            assertEquals(Map.of("reachable", true), member(json(up), "jcache"));

            Hazelcast.getHazelcastInstanceByName(instance).shutdown();
            clock.advance(Duration.ofSeconds(6)); // past the kept answer

            HttpResponse<String> down = new Browser().get(app.url(HEALTH));
            assertEquals(503, down.statusCode(), down.body());
            assertEquals("DOWN", json(down).get("status"));
            assertEquals(Map.of("reachable", false), member(json(down), "jcache"));
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void healthWhenAskedAgainWithinFiveSecondsThenTheClusterIsNotAskedAgain() throws Exception {
        String instance = "oidc-health-kept-" + UUID.randomUUID();
        Path config = JCacheFailuresTest.singleMember(instance);
        MutableClock clock = new MutableClock(Instant.now());
        try {
            FilterHarness app = startWithJCache(config, clock);
            assertEquals(200, new Browser().get(app.url(HEALTH)).statusCode());
            Hazelcast.getHazelcastInstanceByName(instance).shutdown();
            clock.advance(Duration.ofSeconds(4));
            HttpResponse<String> kept = new Browser().get(app.url(HEALTH));
            assertEquals(Map.of("reachable", true), member(json(kept), "jcache"), "the answer of 4 s ago");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void healthPathWhenUnsetThenAnOrdinaryProtectedPath() throws Exception {
        FilterHarness app = start(Map.of("health-path", ""));
        HttpResponse<String> page = new Browser().navigate(app.url(HEALTH));
        assertEquals(302, page.statusCode(), "off by default: a login, like any other path");
        assertTrue(Browser.location(page).startsWith(provider.issuer()), Browser.location(page));
    }

    @Test
    void healthWhenPostThenMethodNotAllowed() throws Exception {
        FilterHarness app = start(Map.of());
        HttpResponse<String> post = new Browser().postForm(app.url(HEALTH), Map.of("x", "y"));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        assertFalse(post.body().contains("status"), post.body());
    }

    @Test
    void healthWhenHeadThenStatusWithoutBody() throws Exception {
        FilterHarness app = start(Map.of());
        HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url(HEALTH)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("no-store", head.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void healthPathWhenSpelledOtherwiseThenNotAnsweredByTheEndpoint() throws Exception {
        FilterHarness app = start(Map.of());
        List<String> failures = new ArrayList<>();
        for (String trick : List.of(HEALTH + "/", "/x/.." + HEALTH, "/." + HEALTH, "/%2e" + HEALTH, "/" + HEALTH,
                HEALTH + "%2f", HEALTH + "/.", "/OIDC-HEALTH", HEALTH + "x", "/x" + HEALTH)) {
            RawHttp.Answer answer = RawHttp.get("127.0.0.1", app.port(), app.contextPath() + trick,
                    Map.of("Accept", "text/html"));
            if (answer.status() == 200 || answer.status() == 503 || answer.body().contains("\"discovery\"")) {
                failures.add(trick + " -> " + answer.status() + " " + answer.body());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // the plain path does answer, so the loop above can fail
        assertEquals(200, RawHttp.get("127.0.0.1", app.port(), app.contextPath() + HEALTH, Map.of()).status());
    }

    @Test
    void healthBodyWhenSignedInThenHoldsNoSecretTokenCookieUserOrUrl() throws Exception {
        FilterHarness app = start(Map.of("session-store", "cookie", "cookie-keys", KEY));
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        HttpResponse<String> health = browser.get(app.url(HEALTH));
        assertEquals(200, health.statusCode(), health.body());
        String body = health.body();
        assertFalse(body.contains(DevProvider.DEMO_CLIENT_SECRET), body);
        assertFalse(body.contains(KEY), body);
        assertFalse(body.contains(DevProvider.DEMO_CLIENT_ID), body);
        assertFalse(body.contains("alice"), body);
        assertFalse(body.contains("http"), "no URL, not even the issuer's: " + body);
        for (java.net.HttpCookie cookie : browser.cookies()) {
            assertFalse(body.contains(cookie.getValue()), "cookie " + cookie.getName());
        }
        assertNull(health.headers().firstValue("Set-Cookie").orElse(null), "no session for a health check");
    }

    @Test
    void healthWhenBearerModeThenAnsweredWithoutAToken() throws Exception {
        FilterHarness app = start(Map.of("mode", "bearer", "audience", "appointments:api"));
        HttpResponse<String> health = new Browser().get(app.url(HEALTH));
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", json(health).get("status"));
        assertEquals(401, new Browser().get(app.url("/x")).statusCode(), "every other path still needs a token");
    }
}
