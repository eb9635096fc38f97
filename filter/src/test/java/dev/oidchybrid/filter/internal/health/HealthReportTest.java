package dev.oidchybrid.filter.internal.health;

import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver.KeySetState;
import dev.oidchybrid.filter.internal.selfcheck.Finding;
import dev.oidchybrid.filter.internal.selfcheck.Finding.Severity;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status rules and the JSON of one instance's health. */
class HealthReportTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final KeySetState KEYS = new KeySetState(NOW.minusSeconds(30), 2);
    private static final KeySetState NO_KEYS = new KeySetState(null, 0);

    private static HealthReport report(Instant discoveredAt, KeySetState keys, Optional<Boolean> jcache) {
        return new HealthReport(NOW, discoveredAt, keys, Optional.empty(), jcache, List.of());
    }

    @Test
    void upWhenDiscoveredWithKeysAndClusterAnsweringThenUp() {
        assertTrue(report(NOW.minusSeconds(60), KEYS, Optional.of(true)).up());
        assertTrue(report(NOW.minusSeconds(60), KEYS, Optional.empty()).up(), "no cluster configured");
    }

    @Test
    void upWhenNeverDiscoveredThenDown() {
        HealthReport report = report(null, NO_KEYS, Optional.empty());
        assertFalse(report.up());
        assertEquals("DOWN", report.status());
    }

    @Test
    void upWhenNoKeySetThenDown() {
        assertFalse(report(NOW.minusSeconds(60), NO_KEYS, Optional.empty()).up());
    }

    @Test
    void upWhenClusterUnreachableThenDown() {
        assertFalse(report(NOW.minusSeconds(60), KEYS, Optional.of(false)).up());
    }

    @Test
    void upWhenErrorFindingAndLastProviderErrorThenStillUp() {
        HealthReport report = new HealthReport(NOW, NOW.minusSeconds(60), KEYS,
                Optional.of(new ProviderErrors.LastError("op_timeout", null, NOW.minusSeconds(5))), Optional.empty(),
                List.of(new Finding(Severity.ERROR, "response-type", "not supported")));
        assertTrue(report.up());
    }

    @Test
    void toJsonWhenEverythingKnownThenAgesCountsCodesAndFindingLevelsOnly() throws Exception {
        HealthReport report = new HealthReport(NOW, NOW.minusSeconds(3605), KEYS,
                Optional.of(new ProviderErrors.LastError("op_error", "invalid_grant", NOW.minusSeconds(95))),
                Optional.of(true), List.of(new Finding(Severity.WARNING, "logout-path",
                "/logout ends only the local session: https://op.example/x?secret=1")));
        Map<String, Object> json = JsonUtil.parseJson(report.toJson());
        assertEquals("UP", json.get("status"));
        assertEquals(Map.of("available", true, "age_seconds", 3605L), json.get("discovery"));
        assertEquals(Map.of("available", true, "keys", 2L, "age_seconds", 30L), json.get("jwks"));
        assertEquals(Map.of("code", "op_error", "provider_error", "invalid_grant", "at", NOW.minusSeconds(95)
                .toString(), "age_seconds", 95L), json.get("last_provider_error"));
        assertEquals(Map.of("reachable", true), json.get("jcache"));
        assertEquals(List.of(Map.of("level", "WARNING", "subject", "logout-path")), json.get("self_check"));
        assertFalse(report.toJson().contains("https://"), "a finding's text is not shown");
    }

    @Test
    void toJsonWhenNothingKnownThenUnavailableAndNullError() throws Exception {
        Map<String, Object> json = JsonUtil.parseJson(report(null, NO_KEYS, Optional.empty()).toJson());
        assertEquals("DOWN", json.get("status"));
        assertEquals(Map.of("available", false), json.get("discovery"));
        assertEquals(Map.of("available", false, "keys", 0L), json.get("jwks"));
        assertTrue(json.containsKey("last_provider_error") && json.get("last_provider_error") == null);
        assertFalse(json.containsKey("jcache"));
    }

    @Test
    void dataWhenPrefixedThenFlatValuesUnderThePrefix() {
        HealthReport report = new HealthReport(NOW, NOW.minusSeconds(10), KEYS,
                Optional.of(new ProviderErrors.LastError("op_timeout", null, NOW.minusSeconds(5))), Optional.of(false),
                List.of(new Finding(Severity.ERROR, "pkce", "x"), new Finding(Severity.INFO, "scope", "y")));
        Map<String, Object> data = report.data("/app#oidc.");
        assertEquals("DOWN", data.get("/app#oidc.status"));
        assertEquals(10L, data.get("/app#oidc.discovery_age_seconds"));
        assertEquals(2L, data.get("/app#oidc.jwks_keys"));
        assertEquals("op_timeout", data.get("/app#oidc.last_provider_error"));
        assertEquals(NOW.minusSeconds(5).toString(), data.get("/app#oidc.last_provider_error_at"));
        assertEquals(false, data.get("/app#oidc.jcache_reachable"));
        assertEquals("ERROR pkce, INFO scope", data.get("/app#oidc.self_check"));
        assertTrue(data.keySet().stream().allMatch(k -> k.startsWith("/app#oidc.")), data.toString());
        assertTrue(data.values().stream().allMatch(v -> v instanceof String || v instanceof Long
                || v instanceof Boolean), "MicroProfile Health data takes strings, numbers and booleans");
    }
}
