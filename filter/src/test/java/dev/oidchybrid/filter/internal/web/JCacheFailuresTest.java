package dev.oidchybrid.filter.internal.web;

import com.hazelcast.core.Hazelcast;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.TestDpopProofs;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.DevProvider;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators and users see when the cluster parts fail: a start-up error naming the setting, and a 503
 * (never a 500, never a session) while the JCache cluster is unreachable.
 */
class JCacheFailuresTest {

    private static final String KEY = "jcache-failures-test-key-0123456789abcdef";

    private static ServletException initFails(Map<String, String> params) {
        OidcFilterCore filter = new OidcFilterCore(Map.<String, String>of()::get, Clock.systemUTC(),
                new SecureRandom());
        ServletContext context = new ServletContextHandler().getServletContext();
        FilterConfig config = new FilterConfig() {
            public String getFilterName() { return "oidc"; }
            public ServletContext getServletContext() { return context; }
            public String getInitParameter(String name) { return params.get(name); }
            public Enumeration<String> getInitParameterNames() { return Collections.enumeration(params.keySet()); }
        };
        return assertThrows(ServletException.class, () -> filter.init(config));
    }

    private static Map<String, String> base() {
        // discovery is not reached at start-up before the store is opened; an unreachable issuer is fine here
        return new HashMap<>(Map.of("issuer", "http://127.0.0.1:9/", "client-id", "c"));
    }

    @Test
    void initWhenJCacheProviderUnknownThenStartFailsNamingTheSetting() {
        Map<String, String> params = base();
        params.putAll(Map.of("session-store", "jcache", "cookie-keys", KEY,
                "jcache-provider", "com.example.NoSuchCachingProvider"));
        ServletException e = initFails(params);
        assertTrue(e.getMessage().contains("jcache-provider com.example.NoSuchCachingProvider"), e.getMessage());
    }

    @Test
    void initWhenClusterStoreWithoutCookieKeysThenStartFailsSayingWhatToSet() {
        Map<String, String> params = base();
        params.put("session-store", "cookie");
        ServletException e = initFails(params);
        assertTrue(e.getMessage().contains("cookie-keys is required with session-store=cookie"), e.getMessage());
    }

    @Test
    void requestsWhenJCacheClusterIsGoneThenServiceUnavailableAndNoSession() throws Exception {
        String instance = "oidc-failures-" + UUID.randomUUID();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.createTempFile("hazelcast-single", ".xml");
        Files.writeString(config, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <instance-name>%s</instance-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.socket.bind.any">false</property>
                    <property name="hazelcast.logging.type">jdk</property>
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <join><auto-detection enabled="false"/><multicast enabled="false"/></join>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                  </network>
                </hazelcast>
                """.formatted(instance, instance, port));
        try (DevProvider provider = DevProvider.startDefault();
             FilterHarness app = new FilterHarness(Map.of("session-store", "jcache", "cookie-keys", KEY,
                     "jcache-provider", "com.hazelcast.cache.HazelcastMemberCachingProvider",
                     "jcache-properties", "hazelcast.config.location=" + config.toUri()),
                     DevProviderFixture.environment(provider))) {
            Browser browser = new Browser();
            HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(app.url("/x")),
                    "alice", "alice-password"));
            assertEquals(303, callback.statusCode(), callback.body());
            assertEquals(200, browser.navigate(app.url("/x")).statusCode());

            Hazelcast.getHazelcastInstanceByName(instance).shutdown();

            HttpResponse<String> page = browser.navigate(app.url("/x"));
            assertEquals(503, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("Retry-After").isPresent());
            assertTrue(!page.body().contains("Exception") && !page.body().contains("alice"), page.body());
            HttpResponse<String> logout = browser.navigate(app.url("/logout"));
            assertEquals(503, logout.statusCode(), logout.body());
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void dpopWhenTheClusterHoldingUsedProofsIsGoneThenServiceUnavailableNot500() throws Exception {
        String instance = "oidc-dpop-failures-" + UUID.randomUUID();
        Path config = singleMember(instance);
        try (DevProvider provider = DevProvider.startDefault();
             FilterHarness api = new FilterHarness(Map.of("mode", "bearer", "audience", "appointments:api",
                     "base-url", "https://api.example.com/api", "shared-state", "jcache",
                     "jcache-provider", "com.hazelcast.cache.HazelcastMemberCachingProvider",
                     "jcache-properties", "hazelcast.config.location=" + config.toUri()),
                     DevProviderFixture.environment(provider), Clock.systemUTC(), "/api")) {
            String token = provider.accessToken(DemoUser.alice(), "appointments:api", List.of("openid"),
                    TestDpopProofs.thumbprint(TestDpopProofs.CLIENT_KEY));
            LogSafety.secret(token);

            Hazelcast.getHazelcastInstanceByName(instance).shutdown();

            String proof = TestDpopProofs.of("GET", "https://api.example.com/api/x", Instant.now().getEpochSecond())
                    .forToken(token).sign();
            LogSafety.secret(proof);
            HttpResponse<String> answer = new Browser().get(api.url("/x"), "Authorization", "DPoP " + token,
                    "DPoP", proof);
            assertEquals(503, answer.statusCode(), "the replay store is down: unavailable, not a server error");
            assertTrue(answer.headers().firstValue("Retry-After").isPresent());
            assertTrue(!answer.body().contains("Exception"), answer.body());
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /** A Hazelcast configuration of one member on loopback, alone in its cluster. */
    static Path singleMember(String instance) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.createTempFile("hazelcast-single", ".xml");
        Files.writeString(config, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <instance-name>%s</instance-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.socket.bind.any">false</property>
                    <property name="hazelcast.logging.type">jdk</property>
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <join><auto-detection enabled="false"/><multicast enabled="false"/></join>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                  </network>
                </hazelcast>
                """.formatted(instance, instance, port));
        return config;
    }
}
