package dev.oidchybrid.filter.internal.web;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.oidchybrid.filter.testing.Browser;
import dev.oidchybrid.filter.testing.DevProviderFixture;
import dev.oidchybrid.filter.testing.LogSafety;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestDpopProofs;
import dev.oidchybrid.testkit.DemoUser;
import dev.oidchybrid.testkit.junit.OidcTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code shared-state=jcache}, bearer mode keeps the used DPoP proofs in the cluster (RFC 9449 §11.1): a
 * proof accepted by one node is refused by another. Two API nodes behind one external URL ({@code base-url}),
 * each with its own Hazelcast member of one cluster on loopback.
 */
class DpopJCacheReplayTest {

    private static final String AUDIENCE = "appointments:api";
    private static final String BASE_URL = "https://api.example.com/api";
    private static final MutableClock clock = new MutableClock(Instant.now());
    @RegisterExtension
    static final DevProviderFixture provider = DevProviderFixture.of(OidcTestKit.builder().clock(clock));
    private static FilterHarness a;
    private static FilterHarness b;

    @BeforeAll
    static void startCluster() throws Exception {
        String cluster = "oidc-dpop-test-" + UUID.randomUUID();
        int portA = JCacheClusterTest.freePort();
        int portB = JCacheClusterTest.freePort();
        Path dir = Files.createTempDirectory("dpop-jcache-test");
        a = node(JCacheClusterTest.hazelcastConfig(dir.resolve("a.xml"), cluster, cluster + "-a", portA, portA, portB));
        b = node(JCacheClusterTest.hazelcastConfig(dir.resolve("b.xml"), cluster, cluster + "-b", portB, portA, portB));
        HazelcastInstance member = Hazelcast.getHazelcastInstanceByName(cluster + "-a");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (member.getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, member.getCluster().getMembers().size(), "the two members formed one cluster");
    }

    private static FilterHarness node(URI config) throws Exception {
        return new FilterHarness(Map.of("mode", "bearer", "audience", AUDIENCE, "base-url", BASE_URL,
                "shared-state", "jcache", "jcache-provider", "com.hazelcast.cache.HazelcastMemberCachingProvider",
                "jcache-properties", "hazelcast.config.location=" + config), provider.environment(), clock, "/api");
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

    @Test
    void dpopWhenProofAcceptedByOneNodeIsReplayedToAnotherThen401InvalidDpopProof() {
        String jkt = TestDpopProofs.thumbprint(TestDpopProofs.CLIENT_KEY);
        String token = provider.devProvider().accessToken(DemoUser.alice(), AUDIENCE, List.of("openid"), jkt);
        LogSafety.secret(token);
        String proof = TestDpopProofs.of("GET", BASE_URL + "/appointments/7", clock.instant().getEpochSecond())
                .forToken(token).sign();
        LogSafety.secret(proof);
        HttpResponse<String> first = new Browser().get(a.url("/appointments/7"), "Authorization", "DPoP " + token,
                "DPoP", proof);
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> replay = new Browser().get(b.url("/appointments/7"), "Authorization", "DPoP " + token,
                "DPoP", proof);
        assertEquals(401, replay.statusCode(), "node b knows the proof node a accepted");
        assertTrue(replay.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_dpop_proof"));
        String fresh = TestDpopProofs.of("GET", BASE_URL + "/appointments/7", clock.instant().getEpochSecond())
                .forToken(token).sign();
        assertEquals(200, new Browser().get(b.url("/appointments/7"), "Authorization", "DPoP " + token, "DPoP", fresh)
                .statusCode(), "a fresh proof passes on node b");
    }
}
