package dev.oidchybrid.filter.internal.config;

import dev.oidchybrid.filter.internal.OidcException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration by concern: each settings value holds its own parameters, and no value is global. */
class SettingsTest {

    private static final String KEY = "k".repeat(32);

    private static OidcConfig.Builder valid(String issuer) {
        return OidcConfig.builder().set(InitParam.ISSUER, issuer).set(InitParam.CLIENT_ID, "abc");
    }

    @Test
    void settingsWhenBuiltThenEachConcernHoldsItsParameters() {
        OidcConfig config = valid("https://op.example.com").set(InitParam.CONNECT_TIMEOUT, "1500")
                .set(InitParam.EXCLUDE_PATHS, "/health").set(InitParam.SESSION_STORE, "jcache")
                .set(InitParam.COOKIE_KEYS, KEY).set(InitParam.JCACHE_PROPERTIES, "a=1").build();
        assertEquals("https://op.example.com", config.provider().issuer());
        assertEquals("abc", config.client().clientId());
        assertTrue(config.paths().excludedPaths().matches("/health"));
        assertEquals(Duration.ofMillis(1500), config.timeouts().connectTimeout());
        assertEquals(SessionStoreKind.JCACHE, config.session().store());
        assertEquals(List.of(KEY), config.session().cookieKeys());
        assertEquals("1", config.session().jcache().properties().get("a"));
        assertFalse(config.bearer().enabled());
    }

    @Test
    void settingsWhenTwoConfigurationsBuiltThenIndependent() {
        OidcConfig first = valid("https://first.example.com").set(InitParam.ORGANIZATION, "org_1").build();
        OidcConfig second = valid("https://second.example.com").set(InitParam.ORGANIZATION, "org_2").build();
        assertEquals("https://first.example.com", first.provider().issuer());
        assertEquals("org_1", first.client().organization().orElseThrow());
        assertEquals("org_2", second.client().organization().orElseThrow());
        assertNotEquals(first.provider(), second.provider());
    }

    @Test
    void maxPendingLoginsWhenOutOfRangeThenDefaultIsFromInitParam() {
        assertEquals(Integer.parseInt(InitParam.MAX_PENDING_LOGINS.defaultValue()),
                valid("https://op.example.com").build().session().maxPendingLogins());
        assertEquals(20, valid("https://op.example.com").set(InitParam.MAX_PENDING_LOGINS, "20").build()
                .session().maxPendingLogins());
    }

    @Test
    void toStringWhenCookieKeysAndJCachePropertiesSetThenNeitherValueShown() {
        String text = valid("https://op.example.com").set(InitParam.SESSION_STORE, "jcache").set(InitParam.COOKIE_KEYS, KEY)
                .set(InitParam.JCACHE_PROPERTIES, "hazelcast.password=hunter2").build().session().toString();
        assertFalse(text.contains("kkkk") || text.contains("hunter2"), text);
        assertTrue(text.contains("hazelcast.password"), text);
    }

    @Test
    void accessTokenTypesWhenAnEntryIsEmptyThenStillRefused() {
        OidcConfig.Builder bearer = OidcConfig.builder().set(InitParam.MODE, "bearer")
                .set(InitParam.ISSUER, "https://op.example.com").set(InitParam.AUDIENCE, "api");
        assertTrue(assertRefused(bearer.set(InitParam.ACCESS_TOKEN_TYPES, "at+jwt, , jwt"))
                .contains("access-token-types must be 'at+jwt' or 'at+jwt, jwt'"));
        assertTrue(bearer.set(InitParam.ACCESS_TOKEN_TYPES, "at+jwt").build().bearer().requiredScopes().isEmpty());
    }

    private static String assertRefused(OidcConfig.Builder builder) {
        return assertThrows(OidcException.class, builder::build).description();
    }
}
