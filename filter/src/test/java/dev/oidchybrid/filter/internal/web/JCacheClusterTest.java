package dev.oidchybrid.filter.internal.web;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.oidchybrid.filter.internal.config.JCacheSettings;
import dev.oidchybrid.filter.internal.cluster.JCacheSharedState;
import dev.oidchybrid.filter.internal.cluster.RefreshLocks;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.cache.Cache;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code session-store=jcache} on two filter instances ("nodes") that share nothing but a real JCache cluster:
 * two Hazelcast members on loopback, one opened by each node through its own {@code jcache-uri}. (The
 * {@code cluster-tests} module runs the same with the nodes in separate JVMs.)
 */
class JCacheClusterTest {

    private static final String KEY = "jcache-cluster-test-key-0123456789abcdef";
    private static final String PROVIDER = "com.hazelcast.cache.HazelcastMemberCachingProvider";
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private static final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock)
            .accessTokenLifetime(ACCESS_TOKEN_LIFETIME));
    private static FilterHarness a;
    private static FilterHarness b;
    private static URI configA;
    private static URI configB;
    private static String instanceA;

    @BeforeAll
    static void startCluster() throws Exception {
        String cluster = "oidc-test-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        Path dir = Files.createTempDirectory("jcache-cluster-test");
        instanceA = cluster + "-a";
        configA = hazelcastConfig(dir.resolve("a.xml"), cluster, instanceA, portA, portA, portB);
        configB = hazelcastConfig(dir.resolve("b.xml"), cluster, cluster + "-b", portB, portA, portB);
        a = node(configA);
        b = node(configB);
        HazelcastInstance member = Hazelcast.getHazelcastInstanceByName(instanceA);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (member.getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, member.getCluster().getMembers().size(), "the two members formed one cluster");

    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        Hazelcast.shutdownAll();
    }

    private static FilterHarness node(URI config) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("session-store", "jcache", "cookie-keys", KEY,
                "jcache-provider", PROVIDER, "jcache-properties", "hazelcast.config.location=" + config,
                "scope", "openid profile email offline_access"));
        return new FilterHarness(params, provider.environment(), clock);
    }

    static URI hazelcastConfig(Path file, String cluster, String instance, int port, int... members)
            throws Exception {
        StringBuilder memberList = new StringBuilder();
        for (int member : members) {
            memberList.append("<member>127.0.0.1:").append(member).append("</member>");
        }
        Files.writeString(file, """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <instance-name>%s</instance-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.socket.bind.any">false</property>
                    <property name="hazelcast.logging.type">jdk</property>
                    <property name="hazelcast.wait.seconds.before.join">0</property>
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true">%s</tcp-ip>
                    </join>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                  </network>
                </hazelcast>
                """.formatted(cluster, instance, port, memberList));
        return file.toUri();
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Browser loggedInOn(FilterHarness node) {
        Browser browser = new Browser();
        HttpResponse<String> callback = browser.submit(browser.signInAtProvider(browser.navigate(node.url("/x")),
                "alice", "alice-password"));
        assertEquals(303, callback.statusCode(), callback.body());
        return browser;
    }

    private static String field(HttpResponse<String> response, String name) {
        return response.body().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    @Test
    void loginOnOneNodeIsServedByTheOtherWithOnlyAHandleInTheBrowser() {
        Browser browser = loggedInOn(a);
        int authorizations = provider.counters().authorize();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> page = browser.navigate((i % 2 == 0 ? b : a).url("/x"));
            assertEquals(200, page.statusCode(), page.body());
            assertEquals("alice-0001", field(page, "user"));
        }
        assertEquals(authorizations, provider.counters().authorize());
        assertTrue(browser.cookies().stream().anyMatch(c -> c.getName().contains("oidc_handle")));
        assertTrue(browser.cookies().stream().noneMatch(c -> c.getName().contains("oidc_session_")
                || c.getName().equals("JSESSIONID")), browser.cookies().toString());
    }

    @Test
    void cacheHoldsSealedSessionsUnderHashedKeys() throws Exception {
        Browser browser = loggedInOn(a);
        String accessToken = field(browser.navigate(b.url("/x?at")), "rawAccessToken");
        String handle = browser.cookies().stream().filter(c -> c.getName().contains("oidc_handle")).findFirst()
                .orElseThrow().getValue();
        // read through the member's own API, as an operator with access to the cluster would
        Cache<Object, Object> sessions = Hazelcast.getHazelcastInstanceByName(instanceA).getCacheManager()
                .getCache("oidc-hybrid-sessions");
        int entries = 0;
        for (Cache.Entry<Object, Object> entry : sessions) {
            entries++;
            assertNotEquals(handle, entry.getKey(), "the key is not the cookie value");
            assertFalse(String.valueOf(entry.getValue()).contains(accessToken), "no token in clear");
            assertFalse(String.valueOf(entry.getValue()).contains("alice"), "no claim in clear");
        }
        assertTrue(entries > 0);
    }

    @Test
    void logoutOnOneNodeEndsTheSessionOnTheOther() {
        Browser browser = loggedInOn(a);
        Browser copy = new Browser();
        browser.cookies().forEach(c -> copy.putCookie(a.url("/"), (java.net.HttpCookie) c.clone()));
        // node B has read the session: its near cache holds it
        assertEquals(200, copy.navigate(b.url("/x")).statusCode());
        assertEquals(200, copy.navigate(b.url("/x")).statusCode());
        browser.navigate(a.url("/logout"));
        assertEquals(302, copy.navigate(b.url("/x")).statusCode(), "the handle copy is worth nothing after logout");
    }

    @Test
    void backChannelLogoutReceivedByOneNodeEndsTheSessionOnTheOther() {
        Browser browser = loggedInOn(b);
        String sid = field(browser.navigate(b.url("/x?sid")), "sid");
        // node B has found no revocation for this session: its near cache holds that
        assertEquals(200, browser.navigate(b.url("/x")).statusCode());
        assertEquals(200, provider.devProvider().sendBackChannelLogout(URI.create(a.url("/backchannel-logout")),
                provider.devProvider().logoutToken(null, sid)));
        HttpResponse<String> after = browser.get(b.url("/x"), "Accept", "application/json");
        assertEquals(401, after.statusCode(), after.body());
    }

    @Test
    void revocationByTheApplicationOnOneNodeEndsTheSessionOnTheOtherAndANewLoginWorks() {
        Browser browser = loggedInOn(b);
        // node B has read the session and found no revocation: its near cache holds both
        assertEquals(200, browser.navigate(b.url("/x")).statusCode());
        assertEquals(200, browser.navigate(b.url("/x")).statusCode());
        Browser otherDevice = loggedInOn(a);
        assertEquals(200, otherDevice.navigate(a.url("/x?revokeSubject=alice-0001")).statusCode(),
                "\"log out everywhere\" on node A");
        HttpResponse<String> after = browser.get(b.url("/x"), "Accept", "application/json");
        assertEquals(401, after.statusCode(), "node B's next request of the session: " + after.body());
        clock.advance(Duration.ofSeconds(1));
        Browser again = loggedInOn(b);
        assertEquals(200, again.navigate(a.url("/x")).statusCode(), "a login after the revocation serves on A");
    }

    @Test
    void parallelRequestsOnBothNodesOfAnExpiredSessionSendOneRefreshGrant() throws Exception {
        Browser browser = loggedInOn(a);
        String before = field(browser.navigate(a.url("/x")), "accessTokenId");
        int grants = provider.counters().token();
        clock.advance(ACCESS_TOKEN_LIFETIME.plusSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                FilterHarness node = i % 2 == 0 ? a : b;
                responses.add(pool.submit(() -> browser.get(node.url("/api"), "Accept", "application/json")));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get().statusCode(), response.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(grants + 1, provider.counters().token(), "one refresh grant across both nodes");
        assertNotEquals(before, field(browser.navigate(b.url("/x")), "accessTokenId"));
    }

    @Test
    void refreshLockIsALeaseThatEndsWhenItsHolderNeverReleasesIt() throws Exception {
        Duration lease = Duration.ofSeconds(1);
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[0], original));
        JCacheSharedState onA = new JCacheSharedState(new JCacheSettings(Optional.of(PROVIDER),
                Optional.empty(), Map.of("hazelcast.config.location", configA.toString()), "lease-test-"), Clock.systemUTC(), lease, Duration.ofHours(1),
                Duration.ofHours(1));
        Thread.currentThread().setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[0], original));
        JCacheSharedState onB = new JCacheSharedState(new JCacheSettings(Optional.of(PROVIDER),
                Optional.empty(), Map.of("hazelcast.config.location", configB.toString()), "lease-test-"), Clock.systemUTC(), lease, Duration.ofHours(1),
                Duration.ofHours(1));
        Thread.currentThread().setContextClassLoader(original);
        Optional<RefreshLocks.Lease> held = onA.state().refreshLocks().acquire("session-1", Duration.ZERO);
        assertTrue(held.isPresent());
        // the holder "crashes": it never closes its lease
        assertTrue(onB.state().refreshLocks().acquire("session-1", Duration.ofMillis(200)).isEmpty(),
                "held on the other member");
        assertTrue(onB.state().refreshLocks().acquire("other-session", Duration.ZERO).isPresent(), "locks are per session");
        Optional<RefreshLocks.Lease> after = onB.state().refreshLocks().acquire("session-1", Duration.ofSeconds(10));
        assertTrue(after.isPresent(), "the lease ran out");
        after.get().close();
        assertTrue(onA.state().refreshLocks().acquire("session-1", Duration.ofSeconds(2)).isPresent(), "released");
    }
}
