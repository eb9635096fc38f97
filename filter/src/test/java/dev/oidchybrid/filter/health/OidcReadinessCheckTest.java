package dev.oidchybrid.filter.health;

import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadataSource;
import dev.oidchybrid.filter.internal.health.HealthRegistry;
import dev.oidchybrid.filter.internal.health.HealthSource;
import dev.oidchybrid.filter.internal.health.ProviderErrors;
import dev.oidchybrid.filter.internal.http.HttpFailures;
import dev.oidchybrid.filter.testing.MutableClock;
import dev.oidchybrid.filter.testing.TestKeys;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MicroProfile Health readiness check, called directly (no CDI container): UP and DOWN with each instance's data. */
class OidcReadinessCheckTest {

    private static final ProviderMetadata METADATA = new ProviderMetadata("https://op", "https://op/a", "https://op/t",
            "https://op/j", null, null, List.of(), List.of(), List.of(), List.of(), List.of(), false);

    private final MutableClock clock = MutableClock.at(1_800_000_000L);

    /** An instance whose provider answers (or not), without any network. */
    private HealthSource instance(boolean providerUp) {
        ProviderErrors errors = new ProviderErrors(clock);
        ProviderMetadataSource metadata = new ProviderMetadataSource(() -> errors.recorded(() -> {
            if (!providerUp) {
                throw HttpFailures.unavailable("discovery request answered HTTP 503");
            }
            return METADATA;
        }), clock, Duration.ofSeconds(1), Duration.ofMinutes(1));
        JwksKeyResolver keys = new JwksKeyResolver(() -> TestKeys.jwks(TestKeys.RSA, TestKeys.EC), clock,
                Duration.ofMinutes(1), Duration.ofHours(1));
        return new HealthSource(clock, metadata, keys, errors, Optional.empty(), List::of);
    }

    @Test
    void callWhenEveryInstanceIsUpThenUpWithEachInstancesData() {
        HealthCheckResponse response = new OidcReadinessCheck(() -> List.of(
                new HealthRegistry.Registration("/a#oidc", instance(true)),
                new HealthRegistry.Registration("/b#oidc", instance(true)))).call();
        assertEquals(OidcReadinessCheck.NAME, response.getName());
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals("UP", data.get("/a#oidc.status"));
        assertEquals(2L, data.get("/a#oidc.jwks_keys"));
        assertEquals("UP", data.get("/b#oidc.status"));
        assertEquals(0L, data.get("/b#oidc.discovery_age_seconds"));
    }

    @Test
    void callWhenOneInstanceIsDownThenDownNamingItsError() {
        HealthCheckResponse response = new OidcReadinessCheck(() -> List.of(
                new HealthRegistry.Registration("/a#oidc", instance(true)),
                new HealthRegistry.Registration("/b#oidc", instance(false)))).call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals("UP", data.get("/a#oidc.status"));
        assertEquals("DOWN", data.get("/b#oidc.status"));
        assertEquals(false, data.get("/b#oidc.discovery_available"));
        assertEquals("op_unavailable", data.get("/b#oidc.last_provider_error"));
    }

    @Test
    void callWhenAnInstanceWithdrawsThenItIsNoLongerReported() {
        HealthRegistry.Registration registration = HealthRegistry.register("/withdrawn-" + System.nanoTime(), "oidc",
                instance(false));
        assertTrue(HealthRegistry.running().contains(registration));
        assertTrue(new OidcReadinessCheck().call().getData().orElseThrow().containsKey(registration.name() + ".status"));
        registration.close();
        assertFalse(HealthRegistry.running().contains(registration));
        assertFalse(new OidcReadinessCheck().call().getData().orElseThrow().containsKey(registration.name() + ".status"));
    }
}
